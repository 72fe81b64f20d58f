// exambook default theme: the reader's exam progress and the filter of the cited-objects index.
// Ours, small, no dependencies. Works offline and from file:// (localStorage, Blob URLs and
// FileReader; no fetch, no modules).
//
// Progress is one JSON object in localStorage under the key the page gives (data-store on this
// script, scoped to the book because every file:// page shares one storage):
//   { "format": "exambook-progress", "version": 1, "book": "<book>",
//     "objectives": { "351.3": { "studied": true, "knowledge": ["<area key>", …] } },
//     "questions": { "<page stem>#<question id>": { "ok": true, "objective": "351.3" } },
//     "attempts": [ { "seed": "…", "at": "<ISO date>", "score": 640, "right": 41, "total": 60,
//                     "passed": true, "missed": ["<question key>", …] } ] }
// ("questions" and "attempts" are written by quiz.js through window.exambookProgress.)
// The exported file is the same object (plus "exported", a date); an import must match it.
//
// What the pages carry: [data-objective][data-keys][data-weight] on the sidebar's objective
// entries, the objective header and the blueprint's rows (the knowledge-area keys, space-separated);
// .meter[data-meter="objective:<id>" | "topic:<id>" | "total"] where a bar shows.
(function () {
  "use strict";
  var script = document.currentScript;
  var KEY = (script && script.getAttribute("data-store")) || "exambook:book:progress";
  var BOOK = KEY.replace(/^exambook:/, "").replace(/:progress$/, "");
  var VALUE = (script && script.getAttribute("data-progress-value")) || "{percent} studied";
  var FORMAT = "exambook-progress";
  var OBJECTIVE_ID = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+$/;
  var AREA_KEY = /^\S{1,200}$/;
  var memory = null; // the progress when storage is unavailable: kept for this page only

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  function empty() {
    return { format: FORMAT, version: 1, book: BOOK, objectives: {}, questions: {}, attempts: [] };
  }

  function fail(reason, book) {
    var error = new Error(reason);
    error.book = book;
    throw error;
  }

  // A valid progress object of this book, normalised; throws Error("invalid") or
  // Error("other-book") otherwise.
  function clean(data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) fail("invalid");
    if (data.format !== FORMAT || data.version !== 1 || typeof data.book !== "string") fail("invalid");
    var objectives = data.objectives;
    if (!objectives || typeof objectives !== "object" || Array.isArray(objectives)) fail("invalid");
    if (data.book !== BOOK) fail("other-book", data.book);
    var out = empty();
    Object.keys(objectives).forEach(function (id) {
      var o = objectives[id];
      if (!OBJECTIVE_ID.test(id) || !o || typeof o !== "object" || Array.isArray(o)) fail("invalid");
      if (o.studied !== undefined && typeof o.studied !== "boolean") fail("invalid");
      var areas = o.knowledge === undefined ? [] : o.knowledge;
      if (!Array.isArray(areas)) fail("invalid");
      var keys = [];
      areas.forEach(function (k) {
        if (typeof k !== "string" || !AREA_KEY.test(k)) fail("invalid");
        if (keys.indexOf(k) < 0) keys.push(k);
      });
      if (o.studied || keys.length) out.objectives[id] = { studied: o.studied === true, knowledge: keys };
    });
    var questions = data.questions === undefined ? {} : data.questions;
    if (!questions || typeof questions !== "object" || Array.isArray(questions)) fail("invalid");
    Object.keys(questions).forEach(function (key) {
      var q = questions[key];
      if (!AREA_KEY.test(key) || !q || typeof q.ok !== "boolean") fail("invalid");
      if (q.objective !== undefined && !OBJECTIVE_ID.test(q.objective)) fail("invalid");
      out.questions[key] = q.objective === undefined ? { ok: q.ok } : { ok: q.ok, objective: q.objective };
    });
    var attempts = data.attempts === undefined ? [] : data.attempts;
    if (!Array.isArray(attempts)) fail("invalid");
    attempts.slice(-50).forEach(function (a) {
      if (!a || typeof a !== "object" || typeof a.seed !== "string" || typeof a.score !== "number") fail("invalid");
      if (typeof a.right !== "number" || typeof a.total !== "number" || typeof a.passed !== "boolean") fail("invalid");
      var missed = Array.isArray(a.missed) ? a.missed.filter(function (k) {
        return typeof k === "string" && AREA_KEY.test(k);
      }) : [];
      out.attempts.push({ seed: a.seed.slice(0, 40), at: String(a.at || "").slice(0, 40), score: a.score,
        right: a.right, total: a.total, passed: a.passed, missed: missed });
    });
    return out;
  }

  function load() {
    if (memory) return memory;
    try {
      var text = localStorage.getItem(KEY);
      if (text) return clean(JSON.parse(text));
    } catch (e) {
      // Unreadable or foreign data counts as no progress; it is replaced on the next change.
    }
    return empty();
  }

  function save(data) {
    try {
      localStorage.setItem(KEY, JSON.stringify(data));
      memory = null;
    } catch (e) {
      memory = data;
    }
  }

  // Changes one objective's progress and shows the result everywhere on the page.
  function update(id, change) {
    var data = load();
    var p = data.objectives[id] || { studied: false, knowledge: [] };
    change(p);
    if (p.studied || p.knowledge.length) data.objectives[id] = p;
    else delete data.objectives[id];
    save(data);
    render();
  }

  // ---- what the page knows of the exam ---------------------------------------------------------
  function objectives() {
    var all = {};
    var nodes = document.querySelectorAll("[data-objective][data-keys]");
    for (var i = 0; i < nodes.length; i++) {
      var id = nodes[i].getAttribute("data-objective");
      if (all[id]) continue;
      all[id] = {
        id: id,
        topic: id.replace(/\.[^.]*$/, ""),
        weight: parseInt(nodes[i].getAttribute("data-weight"), 10) || 0,
        keys: (nodes[i].getAttribute("data-keys") || "").split(/\s+/).filter(Boolean),
      };
    }
    return all;
  }

  // How far along an objective is, 0 to 1: studied is done, else the share of areas ticked.
  function fraction(data, o) {
    var p = data.objectives[o.id];
    if (!p) return 0;
    if (p.studied) return 1;
    if (!o.keys.length) return 0;
    var done = o.keys.filter(function (k) {
      return p.knowledge.indexOf(k) >= 0;
    }).length;
    return done / o.keys.length;
  }

  // Objectives count by their weight (the questions they bring); by number when none has one.
  function aggregate(data, list) {
    var weight = 0;
    var sum = 0;
    list.forEach(function (o) {
      weight += o.weight;
      sum += o.weight * fraction(data, o);
    });
    if (weight > 0) return sum / weight;
    if (!list.length) return 0;
    return list.reduce(function (n, o) {
      return n + fraction(data, o);
    }, 0) / list.length;
  }

  function percent(f) {
    return Math.round(f * 100) + "%";
  }

  // ---- the sidebar: a bar per objective, per topic and for the whole exam ---------------------
  function rowLink(li) {
    return li.querySelector(":scope > .toc-row > a, :scope > .toc-part-title");
  }

  function addMeter(host, of) {
    if (!host || host.querySelector(":scope > .meter")) return;
    var meter = document.createElement("span");
    meter.className = "meter meter-mini";
    meter.setAttribute("data-meter", of);
    meter.innerHTML = '<span class="meter-track" aria-hidden="true"><span class="meter-fill"></span></span><span class="meter-value visually-hidden"></span>';
    host.appendChild(meter);
  }

  function sidebarMeters(all) {
    var sidebar = document.getElementById("sidebar");
    if (!sidebar) return;
    var items = sidebar.querySelectorAll("li[data-objective]");
    var topics = {};
    for (var i = 0; i < items.length; i++) {
      var id = items[i].getAttribute("data-objective");
      addMeter(rowLink(items[i]), "objective:" + id);
      var topic = id.replace(/\.[^.]*$/, "");
      (topics[topic] = topics[topic] || []).push(items[i]);
    }
    // A topic's bar goes on the innermost entry that holds all its objectives.
    Object.keys(topics).forEach(function (topic) {
      var members = topics[topic];
      for (var el = members[0].parentElement; el && el !== sidebar; el = el.parentElement) {
        if (el.tagName !== "LI") continue;
        var holdsAll = members.every(function (m) {
          return el.contains(m);
        });
        if (holdsAll) {
          addMeter(rowLink(el), "topic:" + topic);
          break;
        }
      }
    });
    var total = sidebar.querySelector("li[data-progress-total]");
    if (total && Object.keys(all).length) addMeter(rowLink(total), "total");
  }

  // ---- showing the progress ------------------------------------------------------------------------
  function render() {
    var data = load();
    var all = objectives();
    var list = Object.keys(all).map(function (id) {
      return all[id];
    });
    sidebarMeters(all);
    function value(of) {
      if (of === "total") return aggregate(data, list);
      if (of.indexOf("topic:") === 0) {
        var topic = of.slice(6);
        return aggregate(data, list.filter(function (o) {
          return o.topic === topic;
        }));
      }
      var o = all[of.replace(/^objective:/, "")];
      return o ? fraction(data, o) : 0;
    }
    var meters = document.querySelectorAll(".meter[data-meter]");
    for (var i = 0; i < meters.length; i++) {
      var f = value(meters[i].getAttribute("data-meter"));
      var fillEl = meters[i].querySelector(".meter-fill");
      var text = meters[i].querySelector(".meter-value");
      if (fillEl) fillEl.style.width = percent(f);
      meters[i].classList.toggle("is-complete", f >= 1);
      meters[i].classList.toggle("is-started", f > 0);
      if (!text) continue;
      if (meters[i].classList.contains("meter-mini")) text.textContent = f > 0 ? ", " + fill(VALUE, { percent: percent(f) }) : "";
      else text.textContent = percent(f);
    }

    var headers = document.querySelectorAll(".objective[data-objective]");
    for (var h = 0; h < headers.length; h++) {
      var p = data.objectives[headers[h].getAttribute("data-objective")] || { studied: false, knowledge: [] };
      var toggle = headers[h].querySelector(".studied-toggle");
      if (toggle) {
        toggle.hidden = false;
        toggle.setAttribute("aria-pressed", p.studied ? "true" : "false");
      }
      var checks = headers[h].querySelectorAll(".knowledge-check");
      for (var c = 0; c < checks.length; c++) checks[c].checked = p.knowledge.indexOf(checks[c].getAttribute("data-key")) >= 0;
    }

    var panel = document.querySelector(".progress-panel");
    if (panel) {
      panel.hidden = false;
      var summary = panel.querySelector(".progress-summary");
      var studied = list.filter(function (o) {
        return data.objectives[o.id] && data.objectives[o.id].studied;
      }).length;
      if (summary) {
        summary.textContent = fill(panel.getAttribute("data-summary") || "", {
          percent: percent(aggregate(data, list)),
          studied: studied,
          total: list.length,
        });
      }
    }
  }

  // ---- export, import, clear (the blueprint's progress panel) -----------------------------------
  function status(panel, key, values, error) {
    var out = panel.querySelector(".progress-status");
    if (!out) return;
    out.textContent = fill(panel.getAttribute(key) || "", values || {});
    out.classList.toggle("is-error", !!error);
  }

  function exportProgress(panel) {
    var data = load();
    data.exported = new Date().toISOString();
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = "exambook-progress-" + BOOK + ".json";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
    status(panel, "data-msg-exported");
  }

  function importProgress(input, panel) {
    var file = input.files && input.files[0];
    if (!file) return;
    function refuse(error) {
      if (error && error.message === "other-book") status(panel, "data-msg-other-book", { book: error.book }, true);
      else status(panel, "data-msg-invalid", {}, true);
    }
    if (file.size > 1 << 20) {
      refuse();
      input.value = "";
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      try {
        save(clean(JSON.parse(String(reader.result))));
        render();
        status(panel, "data-msg-imported");
      } catch (e) {
        refuse(e);
      }
      input.value = "";
    };
    reader.onerror = function () {
      refuse();
      input.value = "";
    };
    reader.readAsText(file);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var toggle = target.closest(".studied-toggle");
    var panel = target.closest(".progress-panel");
    if (toggle) {
      var header = toggle.closest(".objective[data-objective]");
      if (!header) return;
      var on = toggle.getAttribute("aria-pressed") !== "true";
      update(header.getAttribute("data-objective"), function (p) {
        p.studied = on;
      });
    } else if (panel && target.closest(".progress-export")) {
      exportProgress(panel);
    } else if (panel && target.closest(".progress-clear")) {
      if (window.confirm(panel.getAttribute("data-msg-confirm-clear") || "")) {
        save(empty());
        render();
        status(panel, "data-msg-cleared");
      }
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.classList.contains("knowledge-check")) {
      var header = target.closest(".objective[data-objective]");
      var key = target.getAttribute("data-key");
      if (!header || !key) return;
      var checked = target.checked;
      update(header.getAttribute("data-objective"), function (p) {
        p.knowledge = p.knowledge.filter(function (k) {
          return k !== key;
        });
        if (checked) p.knowledge.push(key);
      });
    } else if (target.id === "progress-file") {
      var panel = target.closest(".progress-panel");
      if (panel) importProgress(target, panel);
    }
  });

  // For quiz.js: the same store, read and written through the same checks.
  window.exambookProgress = {
    load: load,
    change: function (change) {
      var data = load();
      change(data);
      save(clean(JSON.parse(JSON.stringify(data))));
      render();
    },
  };

  // Another tab of the same guide changed the progress.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) render();
  });

  // ---- the filter of the cited-objects index ---------------------------------------------------------
  function setupFilter() {
    var box = document.querySelector(".cited-filter");
    var input = box && box.querySelector("input");
    if (!input) return;
    var entries = document.querySelectorAll(".cited-entry");
    var groups = document.querySelectorAll(".cited-group");
    var none = document.querySelector(".cited-none");
    var count = box.querySelector(".cited-filter-count");
    box.hidden = false;
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var text = entries[i].getAttribute("data-search") || "";
        var match = words.every(function (w) {
          return text.indexOf(w) >= 0;
        });
        entries[i].hidden = !match;
        if (match) shown++;
      }
      for (var g = 0; g < groups.length; g++) {
        var visible = groups[g].querySelectorAll(".cited-entry:not([hidden])").length;
        groups[g].hidden = visible === 0;
        var kindCount = document.querySelector('.cited-kind-count[data-kind="' + groups[g].getAttribute("data-kind") + '"]');
        if (kindCount) kindCount.textContent = String(visible);
      }
      if (none) none.hidden = shown > 0;
      if (count) count.textContent = words.length ? fill(box.getAttribute("data-count") || "", { shown: shown, total: entries.length }) : "";
    }
    input.addEventListener("input", apply);
    apply(); // the browser may have restored the field's value
  }

  // A table wider than the column scrolls; the keyboard must reach it too.
  function scrollableTables() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      if (wraps[i].scrollWidth > wraps[i].clientWidth) wraps[i].setAttribute("tabindex", "0");
    }
  }

  function init() {
    render();
    setupFilter();
    scrollableTables();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
