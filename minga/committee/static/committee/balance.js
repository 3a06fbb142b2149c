// Live balance panel: when the chair ticks a nominee, fetch the server-rendered panel for
// the ticked boxes and swap it into the aria-live region. Without JavaScript the
// "Check the balance" button does the same with a full page.
(function () {
  "use strict";
  var form = document.getElementById("slate-form");
  var region = document.getElementById("balance-region");
  if (!form || !region || !window.fetch) { return; }
  var panel = region.querySelector("[data-balance-url]");
  if (!panel) { return; }
  var url = panel.getAttribute("data-balance-url");
  var pending = 0;
  function refresh() {
    var params = new URLSearchParams();
    form.querySelectorAll("input[name=nominations]:checked").forEach(function (box) {
      params.append("nominations", box.value);
    });
    var ticket = ++pending;
    fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && ticket === pending) { region.innerHTML = html; }
      })
      .catch(function () { /* keep the last panel; the button still works */ });
  }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "nominations") { refresh(); }
  });
})();
