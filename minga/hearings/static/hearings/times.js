// Session times: the server writes them in the review's time zone; when the viewer's own time
// zone differs, add the viewer's time beside them.
(function () {
  "use strict";
  var viewerZone;
  try {
    viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  document.querySelectorAll(".when[data-zone]").forEach(function (when) {
    if (!viewerZone || when.dataset.zone === viewerZone || when.dataset.localDone) return;
    var start = when.querySelector("[data-local-start]");
    var end = when.querySelector("[data-local-end]");
    if (!start || !end) return;
    var startDate = new Date(start.getAttribute("datetime"));
    var endDate = new Date(end.getAttribute("datetime"));
    if (isNaN(startDate) || isNaN(endDate)) return;
    var lang = document.documentElement.lang || undefined;
    var full = new Intl.DateTimeFormat(lang, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    });
    var time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
    var span = document.createElement("span");
    span.className = "small when__local";
    span.textContent = " · " + (when.dataset.localLabel || "") + ": " + full.format(startDate) +
      "–" + time.format(endDate) + " (" + viewerZone + ")";
    when.appendChild(span);
    when.dataset.localDone = "1";
  });
})();
