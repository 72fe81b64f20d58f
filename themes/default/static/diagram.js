// Diagrams: a cue above a diagram that scrolls sideways (seen before the reader has gone
// through a tall diagram; shadows at its edges are CSS), and the diagram at full size in a
// dialog, opened by its button or a click (tap) on it; Escape, the close button or a click
// beside it closes it. The SVG itself moves into the dialog and back, so ids stay unique.
// Strings come from this script's data-* attributes (the theme's UI strings).
(function () {
  "use strict";
  var figures = document.querySelectorAll("figure.diagram-mermaid");
  if (!figures.length) return;
  var text = (document.currentScript && document.currentScript.dataset) || {};
  var dialog, body, home, opener, style;

  // Whether the figure scrolls sideways: its hint shows only then.
  function update(figure) {
    var hint = figure.querySelector(".diagram-scroll-hint");
    if (hint) hint.hidden = figure.scrollWidth <= figure.clientWidth + 1;
  }

  function restore() {
    var svg = body.querySelector("svg");
    if (svg && home) {
      if (style === null) svg.removeAttribute("style");
      else svg.setAttribute("style", style);
      home.insertBefore(svg, home.querySelector(".diagram-tools").nextSibling);
      update(home);
    }
    if (opener) opener.focus();
    home = opener = null;
  }

  function makeDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "diagram-dialog";
    dialog.setAttribute("aria-label", text.title || "Diagram");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "diagram-close";
    close.textContent = text.close || "Close";
    close.addEventListener("click", function () {
      dialog.close();
    });
    body = document.createElement("div");
    body.className = "diagram-dialog-body";
    dialog.appendChild(close);
    dialog.appendChild(body);
    // A click on the backdrop (the dialog element itself, outside its content) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", restore);
    document.body.appendChild(dialog);
  }

  function open(figure, button) {
    if (!dialog) makeDialog();
    var svg = figure.querySelector("svg");
    if (!svg || dialog.open) return;
    home = figure;
    opener = button;
    style = svg.getAttribute("style");
    var box = svg.viewBox && svg.viewBox.baseVal;
    svg.setAttribute("style", box && box.width ? "width:" + box.width + "px" : "");
    body.appendChild(svg);
    dialog.showModal();
    body.scrollTop = 0;
    body.scrollLeft = 0;
  }

  figures.forEach(function (figure) {
    var svg = figure.querySelector("svg");
    if (!svg) return;
    var tools = document.createElement("div");
    tools.className = "diagram-tools";
    var hint = document.createElement("span");
    hint.className = "diagram-scroll-hint";
    hint.textContent = text.scrolls || "Scroll sideways to see all of the diagram";
    hint.hidden = true;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "diagram-open";
    button.textContent = text.open || "Open the diagram full size";
    button.addEventListener("click", function () {
      open(figure, button);
    });
    svg.addEventListener("click", function () {
      open(figure, button);
    });
    tools.appendChild(hint);
    tools.appendChild(button);
    figure.insertBefore(tools, svg);
    update(figure);
  });

  if (window.ResizeObserver) {
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        update(entry.target);
      });
    });
    figures.forEach(function (figure) {
      observer.observe(figure);
    });
  } else {
    window.addEventListener("resize", function () {
      figures.forEach(update);
    });
  }
})();
