// exambook default theme: theme toggle, navigation drawer, folding, copy buttons, ←/→ for the
// previous and next page, the "On this page" entry of the section in view.
// Ours, small, no dependencies. Works from file:// (no fetch, no modules).
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME_KEY = "exambook-theme";

  function store(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (e) {
      // Storage may be disabled (private mode, file:// in some browsers): the choice lasts
      // for this page only.
    }
  }

  // ---- theme ------------------------------------------------------------------------------
  function setTheme(theme) {
    root.setAttribute("data-theme", theme);
    var button = document.getElementById("theme-toggle");
    if (button) button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  }

  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  if (media && media.addEventListener) {
    media.addEventListener("change", function (event) {
      var saved = null;
      try {
        saved = localStorage.getItem(THEME_KEY);
      } catch (e) {}
      if (saved !== "dark" && saved !== "light") setTheme(event.matches ? "dark" : "light");
    });
  }

  // ---- navigation drawer and folding --------------------------------------------------------
  function setDrawer(open) {
    root.classList.toggle("nav-open", open);
    var button = document.getElementById("menu-toggle");
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function toggleFold(button) {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var target = document.getElementById(button.getAttribute("aria-controls") || "");
    if (target) target.hidden = !open;
  }

  // The section being read, as `#id`: the last heading in the top quarter of the window or
  // above it.
  function currentSection() {
    var found = "";
    var limit = Math.max(120, window.innerHeight / 4);
    var headings = document.querySelectorAll("main h2[id], main h3[id]");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > limit) break;
      found = "#" + headings[i].id;
    }
    return found;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    // The language switcher keeps the section being read: ids are the same in every language.
    var other = target.closest("a[data-keep-section]");
    if (other) {
      var hash = location.hash || currentSection();
      if (hash) other.setAttribute("href", other.getAttribute("href").split("#")[0] + hash);
      return;
    }
    var button = target.closest("button");
    if (button && button.id === "theme-toggle") {
      var dark = root.getAttribute("data-theme") === "dark";
      setTheme(dark ? "light" : "dark");
      store(THEME_KEY, dark ? "light" : "dark");
    } else if (button && button.id === "menu-toggle") {
      setDrawer(!root.classList.contains("nav-open"));
    } else if (button && (button.classList.contains("toc-fold") || button.classList.contains("toc-part-title"))) {
      toggleFold(button);
    } else if (button && button.classList.contains("copy-button")) {
      copy(button);
    } else if (root.classList.contains("nav-open") && !target.closest("#sidebar")) {
      setDrawer(false);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && root.classList.contains("nav-open")) {
      setDrawer(false);
      var button = document.getElementById("menu-toggle");
      if (button) button.focus();
    }
  });

  // ---- ← and →: previous and next page ----------------------------------------------------------
  // Not while typing, not with a modifier (Alt+← is the browser's Back), and not when the focus
  // is in something that scrolls sideways (a wide table, diagram or code block): the arrows
  // scroll that.
  function scrollsSideways(el) {
    for (; el && el !== document.body && el !== root; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1) {
        var overflow = window.getComputedStyle(el).overflowX;
        if (overflow === "auto" || overflow === "scroll") return true;
      }
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target instanceof Element) {
      if (target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
      if (scrollsSideways(target)) return;
    }
    var link = document.querySelector('link[rel="' + (event.key === "ArrowLeft" ? "prev" : "next") + '"]');
    if (!link || !link.href) return;
    event.preventDefault();
    window.location.href = link.href;
  });

  // ---- "On this page": the section in view --------------------------------------------------------
  function followSections() {
    var links = document.querySelectorAll('.page-toc a[href^="#"]');
    if (!links.length) return;
    var entries = [];
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) entries.push({ link: links[i], heading: heading });
    }
    if (!entries.length) return;
    var current = null;
    var pending = false;
    function update() {
      pending = false;
      // The section whose heading is the last one above the upper third of the window; at the
      // very end of the page, the last one (a short last section never reaches that line).
      var line = window.innerHeight / 3;
      var found = null;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].heading.getBoundingClientRect().top <= line) found = entries[i];
        else break;
      }
      var bottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      if (bottom && window.scrollY > 0) found = entries[entries.length - 1];
      if (found === current) return;
      if (current) current.link.removeAttribute("aria-current");
      current = found;
      if (current) current.link.setAttribute("aria-current", "location");
    }
    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(update);
    }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    update();
  }

  // ---- copy buttons ---------------------------------------------------------------------------
  function codeText(pre) {
    var code = pre.querySelector("code") || pre;
    var clone = code.cloneNode(true);
    // Console sessions: copy the commands, not the prompts or their output.
    var parts = clone.querySelectorAll(".prompt, .output");
    for (var i = 0; i < parts.length; i++) parts[i].remove();
    var text = clone.textContent || "";
    if (parts.length) text = text.replace(/\n{2,}/g, "\n").replace(/^\n+/, "");
    return text.replace(/\n$/, "");
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {}
    area.remove();
    return ok;
  }

  function copy(button) {
    var block = button.closest(".code-block");
    var pre = block && block.querySelector("pre");
    if (!pre) return;
    var text = codeText(pre);
    var label = button.querySelector(".copy-label");
    function done(ok) {
      if (label) label.textContent = ok ? root.dataset.copied : root.dataset.copyFailed;
      button.classList.add("done");
      setTimeout(function () {
        if (label) label.textContent = root.dataset.copy;
        button.classList.remove("done");
      }, 1600);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          done(true);
        },
        function () {
          done(fallbackCopy(text));
        }
      );
    } else {
      done(fallbackCopy(text));
    }
  }

  function addCopyButtons() {
    var blocks = document.querySelectorAll(".code-block");
    var icon = document.getElementById("icon-copy");
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].querySelector(".copy-button")) continue;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.setAttribute("aria-label", root.dataset.copyCode || "Copy");
      if (icon) button.appendChild(icon.content.cloneNode(true));
      var label = document.createElement("span");
      label.className = "copy-label";
      label.setAttribute("aria-live", "polite");
      label.textContent = root.dataset.copy || "Copy";
      button.appendChild(label);
      blocks[i].appendChild(button);
    }
    makeRoomForCopyButtons();
  }

  // The right edge of the first line of `pre`'s text, in viewport coordinates (0 when empty).
  function firstLineRight(pre) {
    var walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    var first = null;
    var node;
    range.setStart(pre, 0);
    while ((node = walker.nextNode())) {
      if (!first) {
        first = node;
        range.setStart(node, 0);
      }
      var at = node.data.indexOf("\n");
      if (at >= 0) {
        range.setEnd(node, at);
        break;
      }
      range.setEnd(node, node.data.length);
    }
    if (!first) return 0;
    var rects = range.getClientRects();
    var right = 0;
    for (var i = 0; i < rects.length; i++) right = Math.max(right, rects[i].right);
    return right;
  }

  // An untitled block whose first line runs under its copy button gets a band above the code
  // for the button (.copy-band); measured again when the width changes.
  function makeRoomForCopyButtons() {
    var buttons = document.querySelectorAll(".code-block > .copy-button");
    for (var i = 0; i < buttons.length; i++) {
      var block = buttons[i].parentElement;
      var pre = block.querySelector(":scope > pre:first-child");
      if (!pre) continue;
      block.classList.remove("copy-band");
      // The button keeps its size when hidden (opacity), so its box is the one shown on hover.
      if (firstLineRight(pre) > buttons[i].getBoundingClientRect().left - 4) block.classList.add("copy-band");
    }
  }

  var resizing = 0;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(makeRoomForCopyButtons, 150);
  });
  // Web fonts or late styles may change the widths measured at first.
  window.addEventListener("load", makeRoomForCopyButtons);
  // Blocks inside a closed <details> have no size until it opens.
  document.addEventListener("toggle", function (event) {
    if (event.target instanceof HTMLDetailsElement && event.target.open) makeRoomForCopyButtons();
  }, true);

  // ---- wide tables and diagrams: reachable by keyboard when they scroll sideways ---------------
  function scrollableRegions() {
    var regions = document.querySelectorAll(".content table, .content .diagram");
    for (var i = 0; i < regions.length; i++) {
      if (regions[i].scrollWidth > regions[i].clientWidth) regions[i].setAttribute("tabindex", "0");
    }
  }

  // ---- page toc: folded on narrow screens --------------------------------------------------------
  function foldPageToc() {
    var toc = document.querySelector(".page-toc details");
    if (toc && window.matchMedia && !window.matchMedia("(min-width: 80rem)").matches) {
      toc.open = false;
    }
  }

  // Printing opens every <details> so that nothing is lost on paper.
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < all.length; i++) {
      all[i].setAttribute("open", "");
      all[i].setAttribute("data-print-opened", "");
    }
  });
  window.addEventListener("afterprint", function () {
    var all = document.querySelectorAll("details[data-print-opened]");
    for (var i = 0; i < all.length; i++) {
      all[i].removeAttribute("open");
      all[i].removeAttribute("data-print-opened");
    }
  });

  function init() {
    setTheme(root.getAttribute("data-theme") === "dark" ? "dark" : "light");
    addCopyButtons();
    scrollableRegions();
    foldPageToc();
    followSections();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
