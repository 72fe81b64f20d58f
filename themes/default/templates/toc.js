{#- The sidebar, shipped once for the whole site: every page loads it with a <script src> placed
    inside its <nav id="sidebar">. It inserts the table of contents there, rebases the links on
    its own URL (so it works from file:// and under any base path) and marks the current page.
    `nav` is the JSON string of nav.html's output. -#}
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = script.src.replace(/[?#].*$/, "").replace(/[^\/]*$/, "");
  var html = {{ nav | safe }};
  var holder = document.createElement("div");
  holder.innerHTML = html;
  var list = holder.firstElementChild;
  if (!list) return;
  function norm(url) {
    url = url.replace(/[?#].*$/, "");
    if (/\/$/.test(url)) url += "index.html";
    return url.replace(/\.html$/, "");
  }
  var here = norm(location.href);
  var links = list.querySelectorAll("a[href]");
  var current = null;
  for (var i = 0; i < links.length; i++) {
    var link = links[i];
    link.href = base + link.getAttribute("href");
    if (!current && norm(link.href) === here) current = link;
  }
  if (current) {
    current.setAttribute("aria-current", "page");
    for (var el = current.parentNode; el && el !== list; el = el.parentNode) {
      if (el.tagName === "OL" && el.hidden) {
        el.hidden = false;
        var fold = list.querySelector('[aria-controls="' + el.id + '"]');
        if (fold) fold.setAttribute("aria-expanded", "true");
      }
    }
  }
  script.parentNode.insertBefore(list, script);
  if (current) {
    var nav = script.parentNode;
    var top = current.offsetTop - nav.clientHeight / 3;
    if (top > 0) nav.scrollTop = top;
  }
})();
