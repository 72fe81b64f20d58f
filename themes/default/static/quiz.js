// exambook default theme: questions in the pages and the practice exam. Ours, small, no
// dependencies; works offline and from file:// (no fetch, no modules).
//
// An inline question is a <form class="question"> the build wrote: data-kind ("single",
// "multiple", "fill"), data-key (the answer key as JSON: correct option indexes, or
// [["exact"|"any-case"|"pattern", text], …]), data-qid (the book-wide key) and data-objective.
// "Check" grades it here, shows the explanation and records the result in the reader's progress
// (window.exambookProgress, from exam.js: "questions" and "attempts" of the progress object).
//
// The practice exam (practice.html) carries every question of the book as JSON
// (#practice-data) and draws from it with a seeded generator, so a seed in the URL repeats a draw.
(function () {
  "use strict";
  var script = document.currentScript;
  function say(name, values) {
    var text = (script && script.getAttribute("data-" + name)) || "";
    return text.replace(/\{(\w+)\}/g, function (all, k) {
      return values && k in values ? String(values[k]) : all;
    });
  }

  // ---- grading ---------------------------------------------------------------------------------
  function squash(s) {
    return String(s).trim().replace(/\s+/g, " ");
  }

  // `answer`: the chosen option indexes (choice) or the typed text (fill-in).
  function grade(kind, key, answer) {
    if (kind === "fill") {
      var typed = squash(answer);
      if (!typed) return false;
      return key.some(function (k) {
        if (k[0] === "exact") return typed === squash(k[1]);
        if (k[0] === "any-case") return typed.toLowerCase() === squash(k[1]).toLowerCase();
        try {
          return new RegExp("^(?:" + k[1] + ")$").test(typed);
        } catch (e) {
          return false;
        }
      });
    }
    if (answer.length !== key.length) return false;
    return key.every(function (i) {
      return answer.indexOf(i) >= 0;
    });
  }

  // What the reader answered in a form: option indexes, or the text field's value.
  function answerOf(form) {
    if (form.getAttribute("data-kind") === "fill") {
      var input = form.querySelector(".question-fill input");
      return input ? input.value : "";
    }
    var out = [];
    var inputs = form.querySelectorAll("input[type=radio], input[type=checkbox]");
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) out.push(parseInt(inputs[i].value, 10));
    return out;
  }

  function isEmpty(answer) {
    return typeof answer === "string" ? !squash(answer) : !answer.length;
  }

  function keyOf(form) {
    try {
      return JSON.parse(form.getAttribute("data-key") || "[]");
    } catch (e) {
      return [];
    }
  }

  // Marks options right and wrong once answered, and reveals the explanation.
  function reveal(form, key, ok) {
    var kind = form.getAttribute("data-kind");
    var labels = form.querySelectorAll(".question-option");
    for (var i = 0; i < labels.length; i++) {
      var input = labels[i].querySelector("input");
      var correct = key.indexOf(i) >= 0;
      labels[i].classList.toggle("is-correct", correct);
      labels[i].classList.toggle("is-wrong", !correct && input && input.checked);
    }
    form.classList.toggle("is-right", ok);
    form.classList.toggle("is-wrong", !ok);
    var explanation = form.querySelector(".question-explanation");
    if (explanation) explanation.hidden = false;
    var accepted = form.querySelector(".question-accepted");
    if (kind === "fill" && !ok && !accepted) {
      accepted = document.createElement("p");
      accepted.className = "question-accepted";
      accepted.textContent = say("answers", {
        answers: key.map(function (k) {
          return k[1];
        }).join(" · "),
      });
      var actions = form.querySelector(".question-actions");
      if (actions) actions.insertAdjacentElement("afterend", accepted);
    }
  }

  function record(results, attempt) {
    var progress = window.exambookProgress;
    if (!progress) return;
    progress.change(function (data) {
      results.forEach(function (r) {
        if (!r.key) return;
        data.questions[r.key] = r.objective ? { ok: r.ok, objective: r.objective } : { ok: r.ok };
      });
      if (attempt) {
        data.attempts.push(attempt);
        if (data.attempts.length > 50) data.attempts = data.attempts.slice(-50);
      }
    });
    showProgress();
  }

  // ---- inline questions ------------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("question")) return;
    event.preventDefault();
    if (form.closest(".practice")) return;
    var feedback = form.querySelector(".question-feedback");
    var answer = answerOf(form);
    if (isEmpty(answer)) {
      if (feedback) feedback.textContent = say("empty");
      return;
    }
    var key = keyOf(form);
    var ok = grade(form.getAttribute("data-kind"), key, answer);
    if (feedback) feedback.textContent = say(ok ? "right" : "wrong");
    reveal(form, key, ok);
    record([{ key: form.getAttribute("data-qid"), objective: form.getAttribute("data-objective"), ok: ok }]);
  });

  // Blueprint cells [data-quiz-objective]: how many of the objective's questions were last
  // answered right.
  function showProgress() {
    var cells = document.querySelectorAll("[data-quiz-objective]");
    if (!cells.length || !window.exambookProgress) return;
    var data = window.exambookProgress.load();
    var right = {};
    Object.keys(data.questions || {}).forEach(function (k) {
      var q = data.questions[k];
      if (q.ok && q.objective) right[q.objective] = (right[q.objective] || 0) + 1;
    });
    for (var i = 0; i < cells.length; i++) {
      var n = right[cells[i].getAttribute("data-quiz-objective")] || 0;
      var out = cells[i].querySelector(".quiz-right");
      if (out) out.textContent = n ? " (" + n + " ✓)" : "";
    }
  }

  // ---- the practice exam -----------------------------------------------------------------------
  // FNV-1a of the seed text, then mulberry32: small, and the same in every browser.
  function generator(seed) {
    var h = 2166136261;
    for (var i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    var a = h >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) | 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffle(list, random) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }

  // Each objective's share of `count` by weight: floors, then the largest remainders (ties in
  // objective order), each capped by the questions there are.
  function quotas(objectives, count, available) {
    var total = objectives.reduce(function (n, o) {
      return n + o.weight;
    }, 0);
    var out = {};
    if (!total) return out;
    var given = 0;
    var rest = objectives.map(function (o, i) {
      var exact = (count * o.weight) / total;
      out[o.id] = Math.floor(exact);
      given += out[o.id];
      return { id: o.id, frac: exact - Math.floor(exact), i: i };
    });
    rest.sort(function (a, b) {
      return b.frac - a.frac || a.i - b.i;
    });
    for (var k = 0; given < count && k < rest.length; k++, given++) out[rest[k].id]++;
    objectives.forEach(function (o) {
      out[o.id] = Math.min(out[o.id], available[o.id] || 0);
    });
    return out;
  }

  function draw(data, seed) {
    var random = generator(seed);
    var pools = {};
    data.questions.forEach(function (q, i) {
      if (!q.objective) return;
      (pools[q.objective] = pools[q.objective] || []).push(i);
    });
    var available = {};
    Object.keys(pools).forEach(function (id) {
      available[id] = pools[id].length;
    });
    var want = quotas(data.objectives, data.count, available);
    var picked = [];
    data.objectives.forEach(function (o) {
      var pool = shuffle((pools[o.id] || []).slice(), random);
      picked = picked.concat(pool.slice(0, want[o.id] || 0));
    });
    return shuffle(picked, random);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fmtTime(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    s %= 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // One question of an attempt as a form without a Check button.
  function examForm(q, n, total, id) {
    var form = el("form", "question");
    form.id = id;
    form.setAttribute("data-kind", q.kind);
    var head = el("p", "question-number", say("of", { n: n, total: total }));
    form.appendChild(head);
    var text = el("div", "question-text");
    text.id = id + "-text";
    text.innerHTML = q.text;
    form.appendChild(text);
    if (q.kind === "fill") {
      var p = el("p", "question-fill");
      var label = el("label", null, say("your"));
      label.setAttribute("for", id + "-answer");
      var input = el("input");
      input.type = "text";
      input.id = id + "-answer";
      input.autocomplete = "off";
      input.setAttribute("autocapitalize", "off");
      input.spellcheck = false;
      input.setAttribute("aria-describedby", id + "-text");
      p.appendChild(label);
      p.appendChild(document.createTextNode(" "));
      p.appendChild(input);
      form.appendChild(p);
    } else {
      var fs = el("fieldset", "question-options");
      fs.setAttribute("aria-describedby", id + "-text");
      fs.appendChild(el("legend", null, say(q.kind === "multiple" ? "all" : "one")));
      q.options.forEach(function (html, i) {
        var l = el("label", "question-option");
        var box = el("input");
        box.type = q.kind === "multiple" ? "checkbox" : "radio";
        box.name = id;
        box.value = String(i);
        var span = el("span");
        span.innerHTML = html;
        l.appendChild(box);
        l.appendChild(document.createTextNode(" "));
        l.appendChild(span);
        fs.appendChild(l);
      });
      form.appendChild(fs);
    }
    return form;
  }

  function answerText(q, answer) {
    if (q.kind === "fill") return squash(answer) || null;
    if (!answer.length) return null;
    return answer.map(function (i) {
      var d = el("div");
      d.innerHTML = q.options[i] || "";
      return d.textContent;
    }).join(" · ");
  }

  function correctText(q) {
    if (q.kind === "fill") return q.answer.map(function (k) {
      return k[1];
    }).join(" · ");
    return q.answer.map(function (i) {
      var d = el("div");
      d.innerHTML = q.options[i] || "";
      return d.textContent;
    }).join(" · ");
  }

  function practice(root) {
    var source = document.getElementById("practice-data");
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    // Words of the page: data-* attributes on the root.
    function word(name, values) {
      var text = root.getAttribute("data-" + name) || "";
      return text.replace(/\{(\w+)\}/g, function (all, k) {
        return values && k in values ? String(values[k]) : all;
      });
    }
    say = (function (inner) {
      return function (name, values) {
        return root.hasAttribute("data-" + name) ? word(name, values) : inner(name, values);
      };
    })(say);
    var params = new URLSearchParams(window.location.search);
    var seed = (params.get("seed") || "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 40);
    if (!seed) {
      seed = Math.floor(Math.random() * 2176782336).toString(36);
      params.set("seed", seed);
      try {
        history.replaceState(null, "", "?" + params.toString());
      } catch (e) {
        // file:// in some browsers: the seed is still shown.
      }
    }
    var only = (params.get("only") || "").split(",").filter(Boolean).map(function (s) {
      return parseInt(s, 10);
    }).filter(function (i) {
      return i >= 0 && i < data.questions.length;
    });
    var chosen = only.length ? only : draw(data, seed);
    var minutes = data.minutes || 0;
    if (only.length && data.count) minutes = Math.max(1, Math.ceil((minutes * only.length) / data.count));

    var intro = root.querySelector(".practice-intro");
    var seedOut = root.querySelector(".practice-seed-value");
    if (seedOut) seedOut.textContent = seed;
    var share = root.querySelector(".practice-share-link");
    if (share) {
      share.href = "?" + params.toString();
      share.textContent = window.location.href.split("?")[0].split("/").pop() + "?" + params.toString();
    }
    var counts = root.querySelector(".practice-counts");
    var byObjective = {};
    chosen.forEach(function (i) {
      var o = data.questions[i].objective;
      byObjective[o] = (byObjective[o] || 0) + 1;
    });
    if (counts) {
      data.objectives.forEach(function (o) {
        var li = el("li", null, o.id + ": " + (byObjective[o.id] || 0));
        li.setAttribute("data-objective-count", o.id);
        li.setAttribute("data-count", String(byObjective[o.id] || 0));
        counts.appendChild(li);
      });
    }
    var short = root.querySelector(".practice-short");
    if (short && !only.length && chosen.length < data.count) {
      short.hidden = false;
      short.textContent = word("short", { available: chosen.length, wanted: data.count });
    }
    var start = root.querySelector(".practice-start");
    var sheet = root.querySelector(".practice-sheet");
    var bar = root.querySelector(".practice-bar");
    var clock = root.querySelector(".practice-clock");
    var result = root.querySelector(".practice-result");
    var forms = [];
    var deadline = 0;
    var timer = null;
    var done = false;
    showAttempts();
    if (!chosen.length) {
      if (start) start.disabled = true;
      return;
    }
    if (start) start.disabled = false;

    start.addEventListener("click", function () {
      if (intro) intro.hidden = true;
      sheet.hidden = false;
      bar.hidden = false;
      chosen.forEach(function (qi, n) {
        var f = examForm(data.questions[qi], n + 1, chosen.length, "p" + (n + 1));
        forms.push(f);
        sheet.appendChild(f);
      });
      if (minutes) {
        deadline = Date.now() + minutes * 60000;
        tick();
        timer = setInterval(tick, 1000);
      } else if (clock) {
        clock.parentNode.hidden = true;
      }
      var first = sheet.querySelector("input");
      if (first) first.focus();
    });

    function tick() {
      var left = deadline - Date.now();
      if (clock) clock.textContent = fmtTime(left);
      if (left <= 0) finish(true);
    }

    root.querySelector(".practice-submit").addEventListener("click", function () {
      finish(false);
    });

    function finish(timeUp) {
      if (done) return;
      done = true;
      if (timer) clearInterval(timer);
      var results = chosen.map(function (qi, n) {
        var q = data.questions[qi];
        var answer = answerOf(forms[n]);
        return { index: qi, q: q, answer: answer, ok: grade(q.kind, q.answer, answer) };
      });
      var right = results.filter(function (r) {
        return r.ok;
      }).length;
      var total = results.length;
      var score;
      var passed;
      if (data.scale) {
        score = data.scale[0] + Math.round(((data.scale[1] - data.scale[0]) * right) / total);
      } else {
        score = Math.round((100 * right) / total);
      }
      passed = data.passing !== null && data.passing !== undefined ? score >= data.passing : right * 2 >= total;
      sheet.hidden = true;
      bar.hidden = true;
      result.hidden = false;
      var summary = result.querySelector(".practice-summary");
      summary.textContent = "";
      if (timeUp) summary.appendChild(el("p", "practice-time-up", word("time-up")));
      var verdict = el("p", "practice-verdict " + (passed ? "is-pass" : "is-fail"), word(passed ? "pass" : "fail"));
      summary.appendChild(verdict);
      summary.appendChild(el("p", "practice-score", word("score", {
        score: score,
        right: right,
        total: total,
        passing: data.passing !== null && data.passing !== undefined ? data.passing : "50%",
      })));
      breakdown(result.querySelector(".practice-breakdown tbody"), results);
      review(result.querySelector(".practice-review-list"), results);
      var missed = results.filter(function (r) {
        return !r.ok;
      });
      var retry = result.querySelector(".practice-retry");
      if (missed.length) {
        var p = new URLSearchParams();
        p.set("seed", seed);
        p.set("only", missed.map(function (r) {
          return r.index;
        }).join(","));
        retry.href = "?" + p.toString();
        retry.hidden = false;
      } else {
        retry.hidden = true;
      }
      record(results.map(function (r) {
        return { key: r.q.key, objective: r.q.objective, ok: r.ok };
      }), {
        seed: seed + (only.length ? "+retry" : ""),
        at: new Date().toISOString(),
        score: score,
        right: right,
        total: total,
        passed: passed,
        missed: missed.map(function (r) {
          return r.q.key;
        }).filter(Boolean),
      });
      showAttempts();
      var heading = result.querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }

    function breakdown(tbody, results) {
      tbody.textContent = "";
      var topics = {};
      data.topics.forEach(function (t) {
        topics[t.id] = { right: 0, total: 0 };
      });
      var objs = {};
      results.forEach(function (r) {
        var o = (objs[r.q.objective] = objs[r.q.objective] || { right: 0, total: 0 });
        o.total++;
        if (r.ok) o.right++;
        var t = topics[r.q.topic];
        if (t) {
          t.total++;
          if (r.ok) t.right++;
        }
      });
      data.topics.forEach(function (t) {
        var tr = el("tr", "practice-topic-row");
        tr.appendChild(el("th", null, t.id + " " + t.title));
        tr.appendChild(el("td", null, topics[t.id].right + " / " + topics[t.id].total));
        tbody.appendChild(tr);
        data.objectives.forEach(function (o) {
          if (o.topic !== t.id || !objs[o.id]) return;
          var row = el("tr");
          row.setAttribute("data-objective-result", o.id);
          row.appendChild(el("td", null, o.label));
          row.appendChild(el("td", null, objs[o.id].right + " / " + objs[o.id].total));
          tbody.appendChild(row);
        });
      });
    }

    function review(list, results) {
      list.textContent = "";
      results.forEach(function (r, n) {
        var li = el("li", "practice-item " + (r.ok ? "is-right" : "is-wrong"));
        li.appendChild(el("p", "practice-item-mark", (r.ok ? "✓ " : "✗ ") + say("of", { n: n + 1, total: results.length })));
        var text = el("div", "question-text");
        text.innerHTML = r.q.text;
        li.appendChild(text);
        var mine = answerText(r.q, r.answer);
        li.appendChild(el("p", "practice-yours", word("yours", { answer: mine === null ? word("none") : mine })));
        li.appendChild(el("p", "practice-correct", word("correct", { answer: correctText(r.q) })));
        if (r.q.explanation) {
          var ex = el("div", "question-explanation");
          ex.innerHTML = r.q.explanation;
          li.appendChild(ex);
        }
        if (r.q.href) {
          var a = el("a", "practice-section-link", word("section"));
          a.href = r.q.href;
          var p = el("p");
          p.appendChild(a);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    }

    function showAttempts() {
      var box = root.querySelector(".practice-attempts");
      if (!box || !window.exambookProgress) return;
      var attempts = window.exambookProgress.load().attempts || [];
      var list = box.querySelector("ol");
      list.textContent = "";
      attempts.slice().reverse().slice(0, 10).forEach(function (a) {
        list.appendChild(el("li", null, (a.at || "").slice(0, 16).replace("T", " ") + " · " + a.seed + " · " +
          a.score + " (" + a.right + "/" + a.total + ") " + (a.passed ? "✓" : "✗")));
      });
      box.hidden = !attempts.length;
    }
  }

  function init() {
    showProgress();
    var root = document.querySelector(".practice");
    if (root) practice(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
