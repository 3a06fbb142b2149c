// The live room: a WebSocket tells which parts changed; the script fetches those parts
// (rendered by the server for this viewer) and swaps them in. Forms are sent with fetch and
// still work as plain POST forms without JavaScript. Without WebSockets the room refreshes
// every 10 seconds. Speaker timers count down locally.
(function () {
  "use strict";
  var room = document.getElementById("live-room");
  if (!room) return;
  var POLL_MS = 10000;
  var status = document.getElementById("live-status");
  var announcer = document.getElementById("live-announcer");
  var partUrl = room.dataset.partUrl;
  var projector = room.dataset.projector === "1";
  var inFlight = {};
  var dirty = {};
  var pollTimer = null;
  var socket = null;
  var retries = 0;

  function say(text) {
    if (announcer) announcer.textContent = text;
  }

  function setStatus(text) {
    if (status) status.textContent = text;
  }

  function refresh(part) {
    var box = room.querySelector('[data-part="' + part + '"]');
    if (!box) return;
    if (inFlight[part]) {
      dirty[part] = true;
      return;
    }
    inFlight[part] = true;
    var url = partUrl.replace("PART", part) + "?sort=" + encodeURIComponent(room.dataset.sort || "votes") +
      (projector ? "&projector=1" : "");
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var active = document.activeElement;
        var typing = active && box.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
        if (html !== null && !typing) {
          box.innerHTML = html;
          tick();
        } else if (html !== null) {
          dirty[part] = true; // do not pull the focus away from someone typing
          setTimeout(function () { refresh(part); }, 1500);
        }
      })
      .catch(function () {})
      .then(function () {
        inFlight[part] = false;
        if (dirty[part]) {
          dirty[part] = false;
          refresh(part);
        }
      });
  }

  function refreshAll() {
    room.querySelectorAll("[data-part]").forEach(function (box) { refresh(box.dataset.part); });
  }

  function startPolling() {
    if (pollTimer) return;
    setStatus(room.dataset.labelPolling);
    pollTimer = setInterval(refreshAll, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  function connect() {
    if (!("WebSocket" in window)) {
      startPolling();
      return;
    }
    var visible = document.getElementById("show-my-name");
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + location.host + room.dataset.wsPath + (visible && visible.checked ? "?visible=1" : "");
    try {
      socket = new WebSocket(url);
    } catch (e) {
      startPolling();
      return;
    }
    socket.onopen = function () {
      retries = 0;
      stopPolling();
      setStatus(room.dataset.labelLive);
      room.dataset.live = "1";
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "changed" || data.type === "hello") {
        (data.topics || []).forEach(refresh);
      }
    };
    socket.onclose = function () {
      room.dataset.live = "0";
      startPolling();
      retries += 1;
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, retries)));
    };
  }

  room.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-live-form") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().catch(function () { return { ok: false, error: response.statusText }; });
      })
      .then(function (data) {
        say(data.ok ? data.message : data.error);
        if (!data.ok) setStatus(data.error);
        if (data.ok && form.hasAttribute("data-reset")) form.reset();
        if (button) button.disabled = false;
        var part = form.dataset.refresh || "questions";
        if (form.contains(document.activeElement)) document.activeElement.blur();
        refresh(part);
      })
      .catch(function () {
        if (button) button.disabled = false;
        form.submit();
      });
  });

  var nameBox = document.getElementById("show-my-name");
  if (nameBox) {
    nameBox.addEventListener("change", function () {
      if (socket) socket.close(); // reconnects with the new choice
    });
  }

  // Speaker timers: remaining time from the server's start time.
  function tick() {
    room.querySelectorAll("[data-timer]").forEach(function (el) {
      var started = Date.parse(el.dataset.started);
      var seconds = parseInt(el.dataset.seconds, 10);
      if (isNaN(started) || isNaN(seconds)) return;
      var left = Math.round(seconds - (Date.now() - started) / 1000);
      var abs = Math.abs(left);
      var text = Math.floor(abs / 60) + ":" + ("0" + (abs % 60)).slice(-2);
      el.textContent = left < 0 ? "−" + text + " " + (room.dataset.labelOver || "") : text;
      el.classList.toggle("timer--over", left < 0);
    });
  }
  setInterval(tick, 1000);
  tick();
  connect();
})();
