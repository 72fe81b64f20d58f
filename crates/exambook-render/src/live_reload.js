(function (path) {
  var key = "exambook-scroll:" + location.pathname, saved = null, box = null, opened = false, wait = 500;
  try { saved = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) {}
  if (saved !== null) {
    var restore = function () { window.scrollTo(0, +saved); };
    document.addEventListener("DOMContentLoaded", restore);
    window.addEventListener("load", restore);
  }
  var here = location.pathname.slice(1);
  if (here === "" || here.slice(-1) === "/") here += "index.html";
  try { here = decodeURIComponent(here); } catch (e) {}
  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  function el(tag, css, text) {
    var e = document.createElement(tag);
    e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }
  function show(m) {
    if (!document.body) { document.addEventListener("DOMContentLoaded", function () { show(m); }); return; }
    if (box) box.remove();
    box = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem 2rem;background:rgba(24,24,27,.96);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace");
    box.id = "exambook-overlay";
    box.setAttribute("role", "alert");
    var close = el("button", "position:fixed;top:.75rem;right:1rem;font:24px/1 system-ui,sans-serif;background:none;border:0;color:inherit;cursor:pointer", "\u00d7");
    close.setAttribute("aria-label", "Close");
    close.onclick = function () { box.remove(); box = null; };
    box.appendChild(close);
    box.appendChild(el("h2", "margin:0 0 1rem;color:#fca5a5;font:600 18px/1.4 system-ui,sans-serif",
      m.kind === "io" ? "The build could not write its files \u2014 showing the last good build" : m.errors + " error" + (m.errors === 1 ? "" : "s") + " \u2014 showing the last good build"));
    if (m.message) box.appendChild(el("pre", "white-space:pre-wrap", m.message));
    (m.diagnostics || []).forEach(function (d) {
      box.appendChild(el("div", "font-weight:700;color:" + (d.severity === "error" ? "#fca5a5" : "#fde68a"),
        d.file + ":" + d.line + ":" + d.column));
      box.appendChild(el("pre", "margin:.25rem 0 1.25rem;white-space:pre-wrap", d.text));
    });
    document.body.appendChild(box);
  }
  function connect() {
    var s = new WebSocket((location.protocol === "https:" ? "wss:" : "ws:") + "//" + location.host + path);
    s.onopen = function () { if (opened) reload(); opened = true; wait = 500; };
    s.onmessage = function (e) {
      var m = { type: "reload" };
      try { m = JSON.parse(e.data); } catch (x) {}
      if (m.type === "error") show(m);
      else if (box || !m.paths || m.paths.some(function (p) { return p === here || !/\.html$/.test(p); })) reload();
    };
    s.onclose = function () { wait = Math.min(wait * 2, 5000); setTimeout(connect, wait); };
  }
  connect();
})
