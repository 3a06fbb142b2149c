// Similar proposals while typing a title (progressive enhancement; the form works without it).
// Asks the site search for a small HTML fragment; shows nothing when it finds nothing or fails.
(function () {
  "use strict";
  var box = document.getElementById("similar-proposals");
  var title = document.querySelector("input[data-similar='title']");
  if (!box || !title || !box.dataset.url || !window.fetch) { return; }
  var results = box.querySelector("[data-similar-results]");
  var timer = null;
  var last = "";
  var controller = null;

  function hide() {
    box.hidden = true;
    results.textContent = "";
  }

  function search() {
    var q = title.value.trim();
    if (q === last) { return; }
    last = q;
    if (q.length < 8) { hide(); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    var url = box.dataset.url + "?kind=" + encodeURIComponent(box.dataset.kind || "") +
      "&q=" + encodeURIComponent(q);
    fetch(url, {
      credentials: "same-origin",
      headers: { "Accept": "text/html" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("no suggestions"); }
      return response.text();
    }).then(function (html) {
      // The fragment comes from our own server (same origin, escaped by its template).
      var doc = new DOMParser().parseFromString(html, "text/html");
      var links = doc.querySelectorAll("a[href]");
      var exclude = box.dataset.exclude || "";
      var kept = [];
      links.forEach(function (a) {
        if (!exclude || a.getAttribute("href").indexOf(exclude) === -1) { kept.push(a); }
      });
      if (!kept.length) { hide(); return; }
      var list = document.createElement("ul");
      kept.slice(0, 5).forEach(function (a) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = a.getAttribute("href");
        link.textContent = a.textContent.trim();
        link.target = "_blank";
        link.rel = "noopener";
        item.appendChild(link);
        list.appendChild(item);
      });
      results.textContent = "";
      results.appendChild(list);
      box.hidden = false;
    }).catch(function () { hide(); });
  }

  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 400);
  });
})();
