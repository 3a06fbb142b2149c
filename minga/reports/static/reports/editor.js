// Paragraph editor, better with JavaScript: a live preview of the Markdown (rendered and
// sanitised by the server, like the saved text), a character counter against the limit and
// a warning before leaving with unsaved changes. Without JavaScript the plain form works
// the same; this file only adds to it.
(function () {
  "use strict";
  var form = document.getElementById("paragraph-editor");
  if (!form) { return; }
  var area = form.querySelector("textarea[name=text]");
  if (!area) { return; }
  var max = parseInt(form.getAttribute("data-max"), 10) || 0;
  var counter = document.getElementById("editor-counter");
  var unsaved = document.getElementById("editor-unsaved");
  var preview = document.getElementById("editor-preview");
  var previewBody = document.getElementById("editor-preview-body");
  var url = form.getAttribute("data-preview-url");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var saved = area.value;
  var submitting = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function count() {
    if (!counter || !max) { return; }
    var length = area.value.length;
    var over = length - max;
    if (over > 0) {
      counter.textContent = fill(counter.getAttribute("data-over"), { over: over, max: max });
      counter.classList.add("editor-counter--over");
    } else {
      counter.textContent = fill(counter.getAttribute("data-template"), { count: length, max: max });
      counter.classList.remove("editor-counter--over");
    }
  }

  function dirty() { return area.value !== saved; }

  function markUnsaved() {
    if (!unsaved) { return; }
    if (dirty()) {
      unsaved.textContent = unsaved.getAttribute("data-text");
      unsaved.hidden = false;
    } else {
      unsaved.textContent = "";
      unsaved.hidden = true;
    }
  }

  var timer = null;
  var ticket = 0;
  function refreshPreview() {
    if (!preview || !previewBody || !url || !window.fetch || !tokenInput) { return; }
    var mine = ++ticket;
    var body = new URLSearchParams();
    body.append("text", area.value);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": tokenInput.value, "Accept": "text/html" },
      body: body
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // The server returns sanitised HTML (minga.core.markdown), as on the saved page.
        if (html !== null && mine === ticket) {
          previewBody.innerHTML = html;
          preview.hidden = false;
        }
      })
      .catch(function () { /* keep the last preview; saving still works */ });
  }

  area.addEventListener("input", function () {
    count();
    markUnsaved();
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(refreshPreview, 400);
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  if (counter) {
    counter.hidden = false;
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
  }
  count();
})();
