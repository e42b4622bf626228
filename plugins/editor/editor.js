/*
 * The browser editor's additions to Decap CMS (loaded after decap-cms.js, before Decap starts):
 * - the "pelican-markdown" format: files are read and written with Pelican's "Key: value" header lines,
 *   a blank line, then the Markdown text, by the same rules as plugins/content_checks/header.py, so a file
 *   saved in the browser looks like one written by hand and the build reads it the same way;
 * - previews styled with the site's own stylesheet.
 * Settings come from the page: <script type="application/json" id="editor-settings">.
 */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("editor-settings").textContent);
  // Field names as the build writes them ("Step_free", "ASL"), found by their lowercase spelling.
  var canonical = {};
  settings.fields.forEach(function (name) { canonical[name.toLowerCase()] = name; });

  var KEY = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var CONTINUATION = /^[ ]{4,}(.*)$/;

  function fromFile(text) {
    var lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
    var data = {};
    var last = null;
    var index = 0;
    if (lines.length && lines[0].trim() === "---") index = 1;
    while (index < lines.length) {
      var line = lines[index];
      var trimmed = line.trim();
      if (!trimmed || trimmed === "---" || trimmed === "...") { index += 1; break; }
      var match = KEY.exec(line);
      if (match) {
        last = canonical[match[1].toLowerCase()] || match[1];
        data[last] = match[2].trim();
      } else {
        var more = CONTINUATION.exec(line);
        if (more && last !== null) data[last] += " " + more[1].trim();
        else break;  // the text starts without a blank line
      }
      index += 1;
    }
    data.body = lines.slice(index).join("\n");
    return data;
  }

  function headerValue(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) value = value.join(", ");
    if (typeof value === "object") value = value.toString();
    // One line per field: a line break in a value would end the header early.
    return String(value).replace(/\s*[\r\n]+\s*/g, " ").trim();
  }

  function toFile(data, sortedKeys) {
    var order = (sortedKeys || []).concat(Object.keys(data));
    var seen = {};
    var lines = [];
    order.forEach(function (key) {
      if (key === "body" || seen[key] || !(key in data)) return;
      seen[key] = true;
      var value = headerValue(data[key]);
      if (value !== "") lines.push(key + ": " + value);
    });
    var body = String(data.body || "").replace(/^\s*\n/, "").replace(/\s+$/, "");
    return lines.join("\n") + "\n\n" + (body ? body + "\n" : "");
  }

  window.CMS.registerCustomFormat("pelican-markdown", "md", { fromFile: fromFile, toFile: toFile });
  window.CMS.registerPreviewStyle(new URL(settings.stylesheet, document.baseURI).href);
  // The editor draws itself below; the page's own message is for when it cannot start.
  document.getElementById("editor-fallback").hidden = true;
})();
