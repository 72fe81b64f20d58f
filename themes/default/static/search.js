// exambook default theme: the search box. Ours, small, no dependencies, no fetch: the index that
// `exambook build` wrote into search/ is loaded with <script> tags (works from file://, under
// any base path, offline), only the parts a query needs. Page text is only ever inserted with
// textContent. The tokenising rules mirror crates/exambook-render/src/search/tokenize.rs.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = script.src.replace(/[?#].*$/, "").replace(/static\/search\.js$/, "");
  var CODE_CHARS = "-_./:=@+~$";
  var TRIM_START = "\"'`([{<\u201c\u2018\u00ab*,;";
  var TRIM_END = "\"'`)]}>\u201d\u2019\u00bb*,;:.!?";
  var MAX_CODE = 64;
  var PREFIX = 0.6;
  var MAX_PAGES = 10;
  var PER_PAGE = 3;
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var NOT_ALNUM = /[^\p{Alphabetic}\p{N}]+/u;

  // ---- the index, as the loaded scripts hand it over ----------------------------------------
  var manifest = null;
  var shards = {};
  var docs = {};
  var loading = {};
  var started = Date.now().toString(36);
  window.exambookSearch = {
    init: function (m) { manifest = m; },
    shard: function (key, terms, forms) {
      shards[key] = { t: terms, f: forms, tk: Object.keys(terms), fk: Object.keys(forms) };
    },
    docs: function (n, pages, rows) { docs[n] = { pages: pages, rows: rows }; }
  };

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = root + path;
        s.async = true;
        s.onload = s.onerror = function () { resolve(); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }

  function ready() {
    // Loaded afresh once per page view: it names the current version of every other part.
    return load("search/index.js?" + started);
  }

  function loadShard(key) {
    if (shards[key] || !manifest || !manifest.keys[key]) return Promise.resolve();
    return load("search/t/" + key + ".js?v=" + manifest.keys[key]);
  }

  function loadDocs(n) {
    if (docs[n] || !manifest) return Promise.resolve();
    return load("search/d/" + n + ".js?v=" + manifest.docs);
  }

  // ---- tokenising (as the index was built) ----------------------------------------------------
  function fold(s) {
    s = s.toLowerCase();
    return /[^\x00-\x7f]/.test(s) ? s.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : s;
  }

  function trim(chunk) {
    var a = 0, b = chunk.length;
    while (a < b && TRIM_START.indexOf(chunk[a]) >= 0) a++;
    while (b > a && TRIM_END.indexOf(chunk[b - 1]) >= 0) b--;
    return chunk.slice(a, b);
  }

  function isCode(chunk) {
    var chars = Array.from(chunk);
    var punct = false;
    for (var i = 0; i < chars.length; i++) {
      if (CODE_CHARS.indexOf(chars[i]) >= 0) punct = true;
      else if (!ALNUM.test(chars[i])) return false;
    }
    return punct && ALNUM.test(chunk) && chars.length <= MAX_CODE;
  }

  function shardKey(term) {
    var key = "";
    Array.from(term).slice(0, 2).forEach(function (c) {
      key += /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    });
    return key;
  }

  // The query's groups: each chunk's code (as written) and its words; marks: what to highlight.
  function parse(query) {
    var groups = [];
    var marks = [];
    query.split(/\s+/).forEach(function (raw) {
      var chunk = trim(raw);
      if (!chunk) return;
      var lower = chunk.toLowerCase();
      var words = lower.split(NOT_ALNUM).filter(function (w) {
        return Array.from(w).length >= 2;
      });
      var code = isCode(lower) ? lower : null;
      if (!code && !words.length) return;
      groups.push({ code: code, words: words.map(fold) });
      marks.push(code || lower);
      words.forEach(function (w) { if (marks.indexOf(w) < 0) marks.push(w); });
    });
    return { groups: groups, marks: marks };
  }

  // ---- matching and ranking -----------------------------------------------------------------
  // Terms a typed word or code chunk leads to: exactly (a term, or a form of one) or as a prefix.
  // A stem reached by the fallback is added to `marks` as "stem*" (any word it begins marked).
  function expand(text, marks) {
    var shard = shards[shardKey(text)];
    var found = {};
    if (!shard) return found;
    function add(term, factor) {
      if (!(found[term] >= factor)) found[term] = factor;
    }
    if (Object.prototype.hasOwnProperty.call(shard.t, text)) add(text, 1);
    if (Object.prototype.hasOwnProperty.call(shard.f, text)) add(shard.f[text], 1);
    var i, k;
    for (i = 0; i < shard.tk.length; i++) {
      k = shard.tk[i];
      if (k !== text && k.lastIndexOf(text, 0) === 0) add(k, PREFIX);
    }
    for (i = 0; i < shard.fk.length; i++) {
      k = shard.fk[i];
      if (k !== text && k.lastIndexOf(text, 0) === 0) add(shard.f[k], PREFIX);
    }
    // A form the book never writes ("configuração" where it says "configurações"): the longest
    // stem it begins with, as the stemmer would have cut it (the browser has no stemmer).
    if (Object.keys(found).length) return found;
    var stem = "";
    for (i = 0; i < shard.tk.length; i++) {
      k = shard.tk[i];
      if (k.length >= 4 && k.length > stem.length && text.lastIndexOf(k, 0) === 0) stem = k;
    }
    if (stem) {
      add(stem, PREFIX);
      if (marks && marks.indexOf(stem + "*") < 0) marks.push(stem + "*");
    }
    return found;
  }

  function postings(term) {
    var shard = shards[shardKey(term)];
    return shard && Object.prototype.hasOwnProperty.call(shard.t, term) ? shard.t[term] : null;
  }

  // Section id → score for one group of alternatives (term → factor); the best alternative counts.
  function score(alternatives) {
    var scores = new Map();
    Object.keys(alternatives).forEach(function (term) {
      var list = postings(term);
      if (!list) return;
      var factor = alternatives[term];
      var levels = manifest.levels;
      var n = levels.length;
      var id = 0;
      var i = 0;
      function put(id, s) {
        var had = scores.get(id);
        if (had === undefined || had < s) scores.set(id, s);
      }
      if (typeof list[0] === "string") {
        // A bitmap of the sections holding the term with weight 1, then the others.
        var bits = list[0];
        for (var c = 0; c < bits.length; c++) {
          var b = B64.indexOf(bits[c]);
          for (var j = 0; b && j < 6; j++, b >>= 1) if (b & 1) put(c * 6 + j, levels[1] * factor);
        }
        i = 1;
      }
      for (; i < list.length; i++) {
        var v = list[i];
        id += Math.floor(v / n);
        put(id, levels[v % n] * factor);
      }
    });
    return scores;
  }

  function keysOf(texts) {
    var keys = {};
    texts.forEach(function (t) { keys[shardKey(t)] = true; });
    return Object.keys(keys);
  }

  // Runs a query: resolves to [{id, score}] best first.
  function search(parsed) {
    var texts = [];
    parsed.groups.forEach(function (g) {
      if (g.code) texts.push(g.code);
      texts.push.apply(texts, g.words);
    });
    return Promise.all(keysOf(texts).map(loadShard)).then(function () {
      // Each group's alternatives; a code chunk the index does not hold falls back to its words.
      var groups = [];
      parsed.groups.forEach(function (g) {
        var alt = g.code ? expand(g.code, parsed.marks) : {};
        if (g.code && Object.keys(alt).length) {
          groups.push(alt);
        } else {
          g.words.forEach(function (w) { groups.push(expand(w, parsed.marks)); });
        }
      });
      // Terms reached through a form may live in another shard.
      var more = [];
      groups.forEach(function (alt) { more.push.apply(more, Object.keys(alt)); });
      return Promise.all(keysOf(more).map(loadShard)).then(function () { return groups; });
    }).then(function (groups) {
      if (!groups.length) return [];
      var total = new Map();
      groups.map(score).forEach(function (scores) {
        scores.forEach(function (s, id) {
          var t = total.get(id);
          if (t) { t.hits++; t.score += s; } else total.set(id, { id: id, hits: 1, score: s });
        });
      });
      var list = Array.from(total.values());
      var most = 0;
      list.forEach(function (r) { if (r.hits > most) most = r.hits; });
      return list.filter(function (r) { return r.hits === most; }).sort(function (a, b) {
        return b.score - a.score || a.id - b.id;
      });
    });
  }

  // ---- the box --------------------------------------------------------------------------------
  var box = document.getElementById("search");
  var input = document.getElementById("search-input");
  var panel = document.getElementById("search-results");
  var list = document.getElementById("search-list");
  var status = document.getElementById("search-status");
  if (!box || !input || !panel || !list || !status) return;
  box.hidden = false;
  var strings = {
    none: box.getAttribute("data-none") || "No results",
    results: box.getAttribute("data-results") || "{n} results"
  };
  var options = [];
  var active = -1;
  var serial = 0;

  function open(show) {
    panel.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
    document.documentElement.classList.toggle("search-open", show);
  }

  function setActive(i) {
    if (active >= 0 && options[active]) options[active].removeAttribute("aria-selected");
    active = options.length ? (i + options.length) % options.length : -1;
    if (active < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    var o = options[active];
    o.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", o.id);
    if (o.scrollIntoView) o.scrollIntoView({ block: "nearest" });
  }

  function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
  }

  // Letters as a class of their accented forms, so "configuracao" marks "configuração".
  var ACCENTS = { a: "aàáâãä", e: "eèéêë", i: "iìíîï", o: "oòóôõö", u: "uùúûü", c: "cç", n: "nñ" };
  var WORD_CHAR = "[0-9A-Za-z\u00c0-\u024f]*";

  function loose(mark) {
    var stem = mark.length > 1 && mark.charAt(mark.length - 1) === "*";
    var out = "";
    Array.from(escapeRe(fold(stem ? mark.slice(0, -1) : mark))).forEach(function (c) {
      out += ACCENTS[c] ? "[" + ACCENTS[c] + "]" : c;
    });
    return stem ? out + WORD_CHAR : out;
  }

  function marker(marks) {
    var parts = marks.filter(function (m) { return m.length >= 2; }).map(loose);
    if (!parts.length) return null;
    parts.sort(function (a, b) { return b.length - a.length; });
    return new RegExp(parts.join("|"), "gi");
  }

  // Appends `text` to `el` with every match of `re` in a <mark>, all as text nodes.
  function appendMarked(el, text, re) {
    var last = 0;
    if (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text)) && m[0]) {
        if (m.index > last) el.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        el.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
  }

  // The part of an excerpt around its first match.
  function snippet(text, re) {
    if (!re) return text;
    re.lastIndex = 0;
    var m = re.exec(text);
    if (!m || m.index < 60) return text;
    var start = text.lastIndexOf(" ", m.index - 40);
    return "\u2026" + text.slice(start < 0 ? m.index - 40 : start + 1);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function show(results, parsed) {
    list.textContent = "";
    options = [];
    setActive(-1);
    var re = marker(parsed.marks);
    var highlight = encodeURIComponent(parsed.marks.join(" "));
    var pages = [];
    var byPage = {};
    results.forEach(function (r) {
      var chunk = docs[Math.floor(r.id / manifest.chunk)];
      var row = chunk && chunk.rows[r.id % manifest.chunk];
      if (!row) return;
      var page = chunk.pages[row[0]];
      var url = page[0];
      if (!byPage[url]) {
        if (pages.length >= MAX_PAGES) return;
        byPage[url] = { page: page, rows: [] };
        pages.push(byPage[url]);
      }
      if (byPage[url].rows.length < PER_PAGE) byPage[url].rows.push(row);
    });
    status.textContent = pages.length ? strings.results.replace("{n}", String(results.length)) : strings.none;
    status.className = pages.length ? "visually-hidden" : "search-none";
    pages.forEach(function (p, pi) {
      var group = el("div", "search-group");
      group.setAttribute("role", "group");
      var head = el("div", "search-page");
      head.id = "search-page-" + pi;
      group.setAttribute("aria-labelledby", head.id);
      if (p.page[2]) head.appendChild(el("span", "search-objective", p.page[2]));
      var title = el("span", "search-page-title");
      appendMarked(title, p.page[1], re);
      head.appendChild(title);
      group.appendChild(head);
      p.rows.forEach(function (row) {
        var a = el("a", "search-result");
        a.id = "search-option-" + options.length;
        a.setAttribute("role", "option");
        a.href = root + p.page[0] + "?highlight=" + highlight + (row[1] ? "#" + encodeURIComponent(row[1]) : "");
        var heading = el("span", "search-heading");
        appendMarked(heading, row[2] || p.page[1], re);
        a.appendChild(heading);
        if (row[3]) {
          var text = el("span", "search-snippet");
          appendMarked(text, snippet(row[3], re), re);
          a.appendChild(text);
        }
        group.appendChild(a);
        options.push(a);
      });
      list.appendChild(group);
    });
    open(true);
  }

  function run() {
    var query = input.value;
    var parsed = parse(query);
    var mine = ++serial;
    if (!parsed.groups.length) {
      list.textContent = "";
      options = [];
      setActive(-1);
      open(false);
      box.setAttribute("data-took", "0");
      box.setAttribute("data-query", query);
      return;
    }
    var t0 = performance.now();
    ready().then(function () {
      return manifest ? search(parsed) : [];
    }).then(function (results) {
      if (!results.length) return results;
      var n = {};
      results.slice(0, 60).forEach(function (r) { n[Math.floor(r.id / manifest.chunk)] = true; });
      return Promise.all(Object.keys(n).map(function (k) { return loadDocs(k); })).then(function () {
        return results;
      });
    }).then(function (results) {
      if (mine !== serial) return;
      show(results.slice(0, 60), parsed);
      box.setAttribute("data-took", String(performance.now() - t0));
      box.setAttribute("data-query", query);
    });
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () {
    ready();
    if (input.value.trim() && (options.length || status.textContent)) open(true);
  });
  input.addEventListener("keydown", function (event) {
    // The box's keys are its own (page navigation by arrow keys must not see them).
    event.stopPropagation();
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (panel.hidden) {
        if (input.value.trim()) open(true);
      } else {
        setActive(active + 1);
      }
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(active - 1);
    } else if (event.key === "Enter") {
      var target = options[active >= 0 ? active : 0];
      if (target) {
        event.preventDefault();
        location.href = target.href;
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (!panel.hidden) {
        open(false);
      } else {
        input.value = "";
        input.blur();
      }
    }
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) open(false);
  });
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if ((event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // ---- on arrival from a result: mark the query's words in the page --------------------------
  var wanted = new URLSearchParams(location.search).get("highlight");
  var content = document.getElementById("content");
  if (wanted && content) {
    var re = marker(wanted.split(/\s+/));
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        return p && p.closest("script,style,svg,mark,textarea") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (re && walker.nextNode() && nodes.length < 500) {
      re.lastIndex = 0;
      if (re.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (n) {
      var frag = document.createDocumentFragment();
      appendMarked(frag, n.nodeValue, re);
      Array.prototype.forEach.call(frag.querySelectorAll("mark"), function (m) {
        m.className = "search-mark";
      });
      n.parentNode.replaceChild(frag, n);
    });
  }
})();
