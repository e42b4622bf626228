/* Council pages, progressive enhancement only: every link and text on these pages already works without it.
   - [data-module="deadline"]: adds "Sign-up closes in 3 hours" next to the fixed deadline words.
   - [data-module="letter"]: shows a form that fills the letter's [placeholders], rebuilds the mail links, and a copy button. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Same encoding as the build (RFC 6068): encodeURIComponent gives %20 for spaces, never "+".
  function enc(text) { return encodeURIComponent(text); }
  function crlf(text) { return text.replace(/\r\n|\r|\n/g, "\r\n"); }
  function addressList(list) { return list.map(function (a) { return encodeURIComponent(a).replace(/%40/g, "@"); }).join(","); }

  function mailto(d, body) {
    var fields = [];
    if (d.cc.length) fields.push("cc=" + addressList(d.cc));
    if (d.bcc.length) fields.push("bcc=" + addressList(d.bcc));
    if (d.subject) fields.push("subject=" + enc(d.subject));
    if (body) fields.push("body=" + enc(crlf(body)));
    return "mailto:" + addressList(d.to) + (fields.length ? "?" + fields.join("&") : "");
  }
  function web(base, names, d, body) {
    var pairs = base.pairs.slice();
    if (d.to.length) pairs.push(["to", d.to.join(",")]);
    if (d.cc.length) pairs.push(["cc", d.cc.join(",")]);
    if (d.bcc.length) pairs.push(["bcc", d.bcc.join(",")]);
    pairs.push([names.subject, d.subject], ["body", body]);
    return base.url + pairs.filter(function (p) { return p[1]; }).map(function (p) { return p[0] + "=" + enc(p[1]); }).join("&");
  }
  var builders = {
    mailto: mailto,
    gmail: function (d, b) { return web({url: "https://mail.google.com/mail/?", pairs: [["view", "cm"], ["fs", "1"]]}, {subject: "su"}, d, b); },
    outlook: function (d, b) { return web({url: "https://outlook.live.com/mail/deeplink/compose?", pairs: []}, {subject: "subject"}, d, b); },
    outlook_work: function (d, b) { return web({url: "https://outlook.office.com/mail/deeplink/compose?", pairs: []}, {subject: "subject"}, d, b); }
  };

  function fill(template, labels, values) {
    var aliases = {neighbourhood: "neighborhood", nombre: "name", barrio: "neighborhood", historia: "story"};
    return template.replace(/\{([^{}\n]{1,40})\}/g, function (all, raw) {
      var key = raw.trim().toLowerCase();
      key = aliases[key] || key;
      return (values[key] && values[key].trim()) ? values[key].trim() : (labels[key] || all);
    });
  }
  function countWords(text) { var m = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu); return m ? m.length : 0; }

  function setupLetter(root) {
    var d;
    try { d = JSON.parse(root.getAttribute("data-letter")); } catch (e) { return; }
    var form = root.querySelector("[data-letter-form]");
    var text = root.querySelector("[data-letter-text]");
    var spoken = root.querySelector("[data-spoken-text]");
    root.querySelectorAll(".hs-js-only").forEach(function (el) { el.hidden = false; });
    function update() {
      var values = {};
      if (form) new FormData(form).forEach(function (v, k) { values[k] = String(v); });
      var body = fill(d.template, d.labels, values);
      if (text) text.textContent = body;
      if (spoken) spoken.textContent = fill(d.spokenTemplate, d.labels, values);
      var tooLong = false;
      root.querySelectorAll("[data-link]").forEach(function (a) {
        var href = builders[a.getAttribute("data-link")](d, body);
        a.href = href;
        // A link that grew past the safe length (a long story) is hidden; the copy button still works.
        a.parentElement.hidden = href.length > d.maxLength;
        tooLong = tooLong || a.parentElement.hidden;
      });
      var notice = root.querySelector("[data-too-long]");
      if (notice) notice.hidden = !tooLong;
    }
    if (form) {
      form.addEventListener("input", update);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    var copy = root.querySelector("[data-copy]");
    var status = root.querySelector("[data-copy-status]");
    if (copy && navigator.clipboard) {
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(text.textContent).then(function () {
          status.textContent = copy.getAttribute("data-text-copied");
        }, function () { status.textContent = copy.getAttribute("data-text-failed"); });
      });
    } else if (copy) {
      copy.parentElement.hidden = true;
    }
    update();
    if (spoken) spoken.setAttribute("data-words", String(countWords(spoken.textContent)));
  }

  function setupDeadline(root) {
    var live = root.querySelector("[data-deadline-live]");
    var deadline = new Date(root.getAttribute("data-deadline"));
    if (!live || isNaN(deadline)) return;
    function update() {
      var minutes = Math.floor((deadline - new Date()) / 60000);
      // The sentences come from the page, in its language: data-text-closed, data-text-minute(s), -hour(s), -days.
      function say(name, count) { return (root.getAttribute("data-text-" + name) || "").replace("{count}", count); }
      var words;
      if (minutes <= 0) words = say("closed", 0);
      else if (minutes < 60) words = say(minutes === 1 ? "minute" : "minutes", minutes);
      else if (minutes < 48 * 60) { var h = Math.floor(minutes / 60); words = say(h === 1 ? "hour" : "hours", h); }
      else words = say("days", Math.floor(minutes / 1440));
      live.textContent = words;
      live.hidden = false;
    }
    update();
    setInterval(update, 60000);
  }

  document.querySelectorAll('[data-module="letter"]').forEach(setupLetter);
  document.querySelectorAll('[data-module="deadline"]').forEach(setupDeadline);
}());
