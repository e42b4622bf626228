// Preview only (served by `make livereload`, never part of the built site): reload this page after each good
// build, and show a failed build's messages over the last good page.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-preview-build") : "";
  var panel = null;

  function hide() {
    if (panel) { panel.remove(); panel = null; }
  }

  function show(messages) {
    hide();
    panel = document.createElement("section");
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "preview-failed-title");
    panel.setAttribute("data-preview-overlay", "");
    panel.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:80vh;overflow:auto;" +
      "margin:0;padding:1rem 1.25rem;background:#fff8e1;color:#1a1a1a;border-bottom:4px solid #b00020;" +
      "font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.35)";
    var title = document.createElement("h2");
    title.id = "preview-failed-title";
    title.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#b00020";
    title.textContent = "The site was not rebuilt: fix this, then save again";
    var list = document.createElement("pre");
    list.style.cssText = "margin:0 0 .5rem;white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace";
    list.textContent = messages.join("\n");
    var note = document.createElement("p");
    note.style.cssText = "margin:0";
    note.textContent = "Below is the last good build. This page reloads by itself when the site builds again.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "float:right;font:inherit;padding:.25rem .75rem";
    close.addEventListener("click", hide);
    panel.append(close, title, list, note);
    document.body.append(panel);
  }

  function update(event) {
    var state = JSON.parse(event.data);
    if (state.good && state.good !== shown) {
      window.location.reload();
      return;
    }
    if (state.ok) { hide(); } else { show(state.messages); }
  }

  if (!window.EventSource) { return; }
  var source = new EventSource("/_preview/events");
  ["state", "reload", "failed"].forEach(function (name) { source.addEventListener(name, update); });
}());
