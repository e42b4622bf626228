/*
 * The browser editor's additions to Decap CMS (loaded after decap-cms.js, before Decap starts):
 * - the "pelican-markdown" format: files are read and written with Pelican's "Key: value" header lines,
 *   a blank line, then the Markdown text, by the same rules as plugins/content_checks/header.py, so a file
 *   saved in the browser looks like one written by hand and the build reads it the same way;
 * - the "figures-toml" format for the hand-kept figures file: [[figure]] tables of `key = value` lines, written
 *   back in the order of the build's figure table with the file's comments kept (Decap's own TOML writer drops
 *   comments and shuffles keys);
 * - previews styled with the site's own stylesheet.
 * Settings come from the page: <script type="application/json" id="editor-settings">.
 */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("editor-settings").textContent);
  // Keys written once per value ("Action: ..." on several lines), which the form shows as a list.
  var repeated = {};
  (settings.repeatedFields || []).forEach(function (name) { repeated[name] = true; });
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
        var value = match[2].trim();
        if (repeated[last] || last in data) {
          // A key written on several lines keeps every value, in order.
          if (!Array.isArray(data[last])) data[last] = last in data ? [data[last]] : [];
          data[last].push(value);
        } else {
          data[last] = value;
        }
      } else {
        var more = CONTINUATION.exec(line);
        if (more && last !== null && Array.isArray(data[last])) {
          data[last][data[last].length - 1] += " " + more[1].trim();
        } else if (more && last !== null) {
          data[last] += " " + more[1].trim();
        }
        else break;  // the text starts without a blank line
      }
      index += 1;
    }
    data.body = lines.slice(index).join("\n");
    data._order = Object.keys(data).filter(function (key) { return key !== "body"; });
    return data;
  }

  function headerValue(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") value = value.toString();
    // One line per field: a line break in a value would end the header early.
    return String(value).replace(/\s*[\r\n]+\s*/g, " ").trim();
  }

  function toFile(data, sortedKeys) {
    // The file's own order when the editor kept it (_order), then the form's order.
    var order = (data._order || []).concat(sortedKeys || [], Object.keys(data));
    var seen = {};
    var inFile = {};
    (data._order || []).forEach(function (key) { inFile[key] = true; });
    var lines = [];
    order.forEach(function (key) {
      if (key === "body" || key.charAt(0) === "_" || seen[key] || !(key in data)) return;
      seen[key] = true;
      var values = Array.isArray(data[key]) ? data[key] : [data[key]];
      values.forEach(function (item) {
        var value = headerValue(item);
        // An empty value stays when the file had it ("Url:" on a page saved at the site's root).
        if (value !== "") lines.push(key + ": " + value);
        else if (inFile[key] && !Array.isArray(data[key])) lines.push(key + ":");
      });
    });
    var body = String(data.body || "").replace(/^\s*\n/, "").replace(/\s+$/, "");
    return lines.join("\n") + "\n" + (body ? "\n" + body + "\n" : "");
  }

  // --- figures-toml ---
  var TABLE = /^\[\[\s*figure\s*\]\]\s*(#.*)?$/;
  var PAIR = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/;

  function tomlValue(text, lineNumber) {
    var rest;
    var value;
    var match;
    if (text.charAt(0) === '"') {
      match = /^"((?:[^"\\]|\\.)*)"(.*)$/.exec(text);
      if (match) { value = JSON.parse('"' + match[1] + '"'); rest = match[2]; }
    } else if (text.charAt(0) === "'") {
      match = /^'([^']*)'(.*)$/.exec(text);
      if (match) { value = match[1]; rest = match[2]; }
    } else {
      match = /^(true|false|[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)(\s.*)?$/.exec(text);
      if (match) {
        value = match[1] === "true" ? true : match[1] === "false" ? false : Number(match[1].replace(/_/g, ""));
        rest = match[2] || "";
      }
    }
    if (match === null || !/^\s*(#.*)?$/.test(rest)) {
      throw new Error("Line " + lineNumber + " of the figures file is written in a way the editor cannot keep: " +
                      text + ". Edit that line by hand (quotes around text, like: label = \"Responses\").");
    }
    return value;
  }

  function figuresFromFile(text) {
    var lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    var header = [];
    var pending = [];
    var before = {};
    var figures = [];
    var current = null;
    lines.forEach(function (line, index) {
      var trimmed = line.trim();
      if (TABLE.test(trimmed)) {
        current = {};
        current.__comments = pending;
        figures.push(current);
        pending = [];
        return;
      }
      if (!trimmed || trimmed.charAt(0) === "#") {
        (current === null ? header : pending).push(line);
        return;
      }
      var pair = PAIR.exec(trimmed);
      if (!pair || current === null) {
        throw new Error("Line " + (index + 1) + " of the figures file is not a key = value line of a [[figure]]: " + line);
      }
      current[pair[1]] = tomlValue(pair[2].trim(), index + 1);
    });
    // Comments and empty lines before a [[figure]] stay with that figure (found again by its id when saving).
    figures.forEach(function (figure) {
      if (figure.id !== undefined) before[String(figure.id)] = figure.__comments;
      delete figure.__comments;
    });
    return { figure: figures, _layout: { header: header, before: before, after: pending } };
  }

  function tomlText(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    // JSON's string escapes (\" \\ \n \uXXXX) are TOML's too.
    return JSON.stringify(String(value));
  }

  function figuresToFile(data) {
    var layout = data._layout || { header: [], before: {}, after: [] };
    var lines = layout.header.slice();
    (data.figure || []).forEach(function (figure, index) {
      var comments = layout.before[String(figure.id)];
      if (comments) lines = lines.concat(comments);
      else if (index > 0 || lines.length) lines.push("");
      lines.push("[[figure]]");
      var order = settings.figureKeys.concat(Object.keys(figure));
      var seen = {};
      order.forEach(function (key) {
        if (seen[key] || !(key in figure)) return;
        seen[key] = true;
        var value = figure[key];
        if (value === null || value === undefined || value === "" || (key === "example" && value === false)) return;
        lines.push(key + " = " + tomlText(value));
      });
    });
    return lines.concat(layout.after || []).join("\n") + "\n";
  }

  window.CMS.registerCustomFormat("pelican-markdown", "md", { fromFile: fromFile, toFile: toFile });
  window.CMS.registerCustomFormat("figures-toml", "toml", { fromFile: figuresFromFile, toFile: figuresToFile });
  window.CMS.registerPreviewStyle(new URL(settings.stylesheet, document.baseURI).href);
  // The editor draws itself below; the page's own message is for when it cannot start.
  document.getElementById("editor-fallback").hidden = true;
})();
