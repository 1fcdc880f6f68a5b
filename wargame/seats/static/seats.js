// The seat, room and observer pages: keep #app in step with the server over a WebSocket,
// reconnect by itself after a drop, and post the page's forms as JSON.
// Every byte of HTML comes from the server's autoescaped templates; nothing here builds markup
// from data, and text from the server's error replies is set with textContent only.
(function () {
  "use strict";
  var app = document.getElementById("app");
  if (!app) return;
  var conn = document.getElementById("conn");
  var token = app.dataset.token;
  var version = parseInt(app.dataset.version || "0", 10);
  var receivedAt = Date.now();
  var socket = null;
  var backoff = 1000;
  var fresh = true;        // the first push after each (re)connect is applied whatever its version
  var stopped = false;     // the link was revoked: stop trying
  var drafts = {};         // what the user has typed or ticked, by form key and field name

  function setConn(state, text) {
    if (!conn) return;
    conn.className = "conn conn-" + state;
    conn.textContent = text;
  }

  // ---------------------------------------------------------------- drafts survive a re-render
  function fieldKey(el) {
    var form = el.form;
    if (!form || !form.dataset.key || !el.name) return null;
    return form.dataset.key + "/" + el.name;
  }

  function remember(ev) {
    var el = ev.target;
    var key = fieldKey(el);
    if (key === null || el.type === "hidden") return;
    drafts[key] = el.type === "radio" ? el.value : el.value;
  }

  function restore() {
    var fields = app.querySelectorAll("form[data-key] [name]");
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      var key = fieldKey(el);
      if (key === null || el.type === "hidden" || !(key in drafts)) continue;
      if (el.type === "radio") el.checked = !el.disabled && el.value === drafts[key];
      else el.value = drafts[key];
    }
    syncFree();
  }

  function focusState() {
    var el = document.activeElement;
    if (!el || !app.contains(el) || !el.id) return null;
    var s = { id: el.id };
    try { s.start = el.selectionStart; s.end = el.selectionEnd; } catch (e) { /* not a text field */ }
    return s;
  }

  function refocus(s) {
    if (!s) return;
    var el = document.getElementById(s.id);
    if (!el) return;
    el.focus({ preventScroll: true });
    if (typeof s.start === "number") {
      try { el.setSelectionRange(s.start, s.end); } catch (e) { /* not a text field */ }
    }
  }

  // The free-form fields matter only when "something else" is chosen.
  function syncFree() {
    var forms = app.querySelectorAll("form[data-post=move]");
    for (var i = 0; i < forms.length; i++) {
      var chosen = forms[i].querySelector("input[name=choice]:checked");
      var free = forms[i].querySelector(".free-fields");
      if (free) free.classList.toggle("active", !!chosen && chosen.value === "");
    }
  }

  function swap(html, v) {
    var f = focusState();
    var scrollY = window.scrollY;
    app.innerHTML = html;
    version = v;
    app.dataset.version = String(v);
    receivedAt = Date.now();
    restore();
    refocus(f);
    window.scrollTo(0, scrollY);
    tick();
  }

  // ---------------------------------------------------------------- the timer counts down locally
  function tick() {
    var t = app.querySelector(".timer");
    if (!t || t.classList.contains("expired") && !t.dataset.remaining) return;
    var left;
    if (t.dataset.remaining) {  // the server's own count, as of this render: immune to a wrong device clock
      left = parseInt(t.dataset.remaining, 10) - Math.floor((Date.now() - receivedAt) / 1000);
    } else {
      var deadline = Date.parse(t.dataset.deadline || "");
      if (isNaN(deadline)) return;
      left = Math.ceil((deadline - Date.now()) / 1000);
    }
    var clock = t.querySelector(".timer-clock");
    if (left <= 0) {
      t.classList.add("expired");
      if (clock) clock.textContent = "time is up";
      return;
    }
    var h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
    var text = (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
    if (clock) clock.textContent = text;
    t.classList.toggle("last-minute", left <= 60);
  }
  setInterval(tick, 1000);
  tick();

  // ---------------------------------------------------------------- the live connection
  function connect() {
    if (stopped) return;
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    fresh = true;
    try {
      socket = new WebSocket(proto + "//" + location.host + "/ws/" + encodeURIComponent(token));
    } catch (e) {
      retry();
      return;
    }
    socket.onopen = function () { backoff = 1000; setConn("live", "live"); };
    socket.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === "view" && typeof msg.html === "string") {
        if (fresh || msg.version > version) swap(msg.html, msg.version);
        fresh = false;
      } else if (msg.type === "revoked" || msg.type === "error") {
        stopped = true;
        setConn("lost", msg.message || "This link no longer works; ask Control for a new one.");
      }
    };
    socket.onclose = function (ev) {
      socket = null;
      if (stopped) return;  // already told why (a revoked link's own message)
      // 4xxx: the server refused this token (revoked or unknown); trying again would not help.
      if (ev.code >= 4000 && ev.code < 5000) {
        stopped = true;
        setConn("lost", "This link no longer works; ask Control for a new one.");
        return;
      }
      retry();
    };
    socket.onerror = function () { /* onclose follows */ };
  }

  var timerId = null;
  function retry() {
    if (stopped || timerId !== null) return;
    setConn("wait", "reconnecting…");
    timerId = setTimeout(function () { timerId = null; connect(); }, backoff);
    backoff = Math.min(backoff * 2, 10000);
  }

  // Back on the network: try at once rather than wait out the back-off.
  window.addEventListener("online", function () {
    if (socket === null && timerId !== null) { clearTimeout(timerId); timerId = null; connect(); }
  });

  // ---------------------------------------------------------------- forms post JSON
  function payload(form) {
    var kind = form.dataset.post;
    var get = function (name) { var el = form.elements[name]; return el ? el.value : ""; };
    var turn = parseInt(get("turn"), 10);
    if (kind === "move") {
      var chosen = form.querySelector("input[name=choice]:checked");
      var body = { inject: get("inject"), rationale: get("rationale"), turn: turn };
      if (!chosen) return { error: "Choose an option, or describe a free-form action." };
      if (chosen.value === "") {
        if (!get("action").trim()) return { error: "Describe what your delegation does." };
        body.free = { action: get("action"), argument: get("argument") };
      } else {
        body.option = chosen.value;
      }
      return { body: body };
    }
    if (kind === "withdraw") return { body: { inject: get("inject"), reason: get("reason"), turn: turn } };
    if (kind === "note") return { body: { inject: get("inject"), text: get("text") } };
    return { error: "Unknown form." };
  }

  function showError(form, text) {
    var p = form.querySelector(".form-error");
    if (!p) return;
    p.textContent = text || "";
    p.hidden = !text;
  }

  app.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.dataset || !form.dataset.post) return;
    ev.preventDefault();
    var p = payload(form);
    if (p.error) { showError(form, p.error); return; }
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    showError(form, "");
    fetch("/api/" + encodeURIComponent(token) + "/" + form.dataset.post, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(p.body),
      credentials: "omit",
      cache: "no-store"
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.ok) {
          // Done; the server pushes the new view. A sealed move's draft is kept, so that after a
          // withdrawal the form comes back as it was sent, ready to change.
          if (form.dataset.post !== "move") {
            var prefix = form.dataset.key + "/";
            Object.keys(drafts).forEach(function (k) { if (k.indexOf(prefix) === 0) delete drafts[k]; });
          }
          if (form.dataset.post === "note") { form.reset(); }
          if (data && typeof data.html === "string" && typeof data.version === "number" && data.version > version) {
            swap(data.html, data.version);
          }
        } else {
          showError(form, (data && data.error) || ("The server refused it (" + r.status + ")."));
        }
      });
    }).catch(function () {
      showError(form, "Not sent: the connection to Control's laptop is down. It will come back; try again.");
    }).then(function () {
      if (button && document.body.contains(button)) button.disabled = false;
    });
  });

  app.addEventListener("input", remember);
  app.addEventListener("change", function (ev) { remember(ev); syncFree(); });
  syncFree();
  connect();
})();
