/* The hall board: the newest call large, earlier calls, every window, waiting per group,
 * the clock and the notice line. Drawn from the snapshot, then kept live by events. */
(function () {
  "use strict";

  var centerId = +document.body.dataset.centerId;
  var PREVIOUS = 6;
  var FLASH_MS = 6000;
  /* After a lost connection, calls this recent that the board missed are still announced. */
  var MISSED_CALL_MS = 120000;

  I18n.init(window.BOARD_TEXT, document.body.dataset.lang);

  var state = { center: null, windows: {}, order: [], calls: [], groups: [], shownSeq: 0,
                synced: false };
  var announcer = Announcer.create({ key: "hall." + centerId });
  var flashTimer = null;

  /* ---- the newest call and the ones before it ---- */

  function renderCalls() {
    var newest = state.calls[0];
    document.getElementById("now-number").textContent = newest ? newest.number : "—";
    document.getElementById("now-window").textContent = newest
      ? I18n.t("window_n", { n: newest.window_number }) : I18n.t("nobody");
    document.getElementById("now-recall").hidden = !(newest && newest.type === "ticket.recalled" &&
                                                     stillCalled(newest.number));
    document.body.dataset.lastCall = newest ? newest.number : "";
    var list = document.getElementById("previous");
    list.textContent = "";
    var seen = {};
    if (newest) seen[newest.number] = true;
    state.calls.slice(1).forEach(function (call) {
      if (seen[call.number] || list.children.length >= PREVIOUS) return;
      seen[call.number] = true;
      var li = Dom.el("li", { class: "hb-prev" });
      li.dataset.number = call.number;
      li.appendChild(Dom.el("span", { class: "hb-prev-number", text: call.number }));
      li.appendChild(Dom.el("span", { class: "hb-prev-window",
                                      text: I18n.t("window_n", { n: call.window_number }) }));
      list.appendChild(li);
    });
  }

  /* Whether a number is still waiting for its resident at a window (not yet served). */
  function stillCalled(number) {
    return state.order.some(function (id) {
      var t = state.windows[id].current_ticket;
      return t && t.number === number && t.state === "called";
    });
  }

  function flash(number) {
    var now = document.getElementById("now");
    now.classList.remove("flash");
    void now.offsetWidth; /* restart the animation */
    now.classList.add("flash");
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { now.classList.remove("flash"); }, FLASH_MS);
    document.querySelectorAll('.hb-window[data-ticket="' + number + '"]').forEach(function (t) {
      t.classList.remove("flash");
      void t.offsetWidth;
      t.classList.add("flash");
    });
  }

  /* Tests read when each call reached the screen: window.__shown[number] = Date.now(). */
  function markShown(number) {
    window.__shown = window.__shown || {};
    var at = Date.now();
    window.__shown[number] = at;
  }

  function called(payload) {
    var call = { seq: payload.seq, type: payload.type, at: payload.at,
                 number: payload.ticket.number, window_number: payload.window_number };
    state.calls.unshift(call);
    state.calls = state.calls.slice(0, 20);
    state.shownSeq = Math.max(state.shownSeq, payload.seq);
    renderCalls();
    flash(call.number);
    markShown(call.number);
    announcer.say({ number: call.number, window: call.window_number,
                    recall: payload.type === "ticket.recalled" });
  }

  /* ---- windows ---- */

  function stateLabel(w) {
    if (w.state === "paused") return I18n.t("paused");
    if (w.state === "closed") return I18n.t("closed");
    return "";
  }

  /* "3-5, 8, 10-25": window numbers as short runs. */
  function runs(numbers) {
    var out = [];
    numbers.forEach(function (n) {
      var last = out[out.length - 1];
      if (last && last[1] === n - 1) last[1] = n; else out.push([n, n]);
    });
    return out.map(function (r) { return r[0] === r[1] ? "" + r[0] : r[0] + "-" + r[1]; })
      .join(", ");
  }

  /* Open and paused windows get a tile; closed ones are summed up in one line. */
  function renderWindows() {
    var grid = document.getElementById("windows");
    grid.textContent = "";
    var shown = state.order.filter(function (id) { return state.windows[id].state !== "closed"; });
    var closed = state.order.filter(function (id) { return state.windows[id].state === "closed"; })
      .map(function (id) { return state.windows[id].number; });
    grid.dataset.count = shown.length;
    shown.forEach(function (id) {
      var w = state.windows[id];
      var ticket = w.current_ticket;
      var tile = Dom.el("div", { class: "hb-window hb-" + w.state + (ticket ? " hb-busy" : "") });
      tile.dataset.windowNumber = w.number;
      tile.dataset.state = w.state;
      tile.dataset.ticket = ticket ? ticket.number : "";
      tile.appendChild(Dom.el("div", { class: "hb-window-number",
                                       text: I18n.t("window_short", { n: w.number }) }));
      var label = stateLabel(w);
      tile.appendChild(Dom.el("div", { class: "hb-window-ticket",
                                       text: ticket ? ticket.number : (label || I18n.t("idle")) }));
      grid.appendChild(tile);
    });
    var rest = document.getElementById("windows-closed");
    rest.hidden = !closed.length;
    rest.textContent = closed.length ? I18n.t("closed_windows", { list: runs(closed) }) : "";
    document.body.style.setProperty("--window-columns", columnsFor(shown.length));
  }

  function columnsFor(n) {
    if (n <= 4) return 2;
    if (n <= 9) return 3;
    if (n <= 16) return 4;
    if (n <= 20) return 5;
    return 6;
  }

  function setCurrent(windowId, ticket) {
    var w = state.windows[windowId];
    if (!w) return;
    w.current_ticket = ticket;
    renderWindows();
    renderCalls();
  }

  /* ---- waiting per group, notice, names ---- */

  function renderGroups() {
    var box = document.getElementById("groups");
    box.textContent = "";
    state.groups.filter(function (g) { return g.open_windows || g.waiting; }).forEach(function (g) {
      var chip = Dom.el("div", { class: "hb-group" });
      chip.dataset.group = g.group;
      chip.appendChild(Dom.el("span", { class: "hb-group-name", text: I18n.name(g, "group") || g.group }));
      chip.appendChild(Dom.el("span", { class: "hb-group-waiting",
                                        text: I18n.t("waiting_n", { n: g.waiting }) }));
      chip.appendChild(Dom.el("span", { class: "hb-group-open",
                                        text: I18n.t("open_n", { n: g.open_windows }) }));
      box.appendChild(chip);
    });
  }

  function renderNotice(text) {
    var box = document.getElementById("notice");
    var span = document.getElementById("notice-text");
    span.textContent = text || "";
    box.hidden = !text;
    /* Long notices scroll; short ones stand still. */
    box.classList.toggle("scrolling", !!text && span.scrollWidth > box.clientWidth * 0.8);
  }

  function renderCenterName() {
    var h1 = document.getElementById("center-name");
    var c = state.center;
    var name = c ? I18n.name(c) : (I18n.lang() === "en" ? h1.dataset.en : h1.dataset.zh);
    h1.textContent = name;
    document.title = name;
  }

  /* ---- the clock, in the hall's own time zone ---- */

  function tick() {
    var tz = (state.center && state.center.timezone) || "Asia/Shanghai";
    var now = new Date();
    var locale = I18n.lang() === "en" ? "en-GB" : "zh-CN";
    document.getElementById("clock-time").textContent = new Intl.DateTimeFormat(locale,
      { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: tz }).format(now);
    document.getElementById("clock-date").textContent = new Intl.DateTimeFormat(locale,
      { month: "long", day: "numeric", weekday: "short", timeZone: tz }).format(now);
  }

  /* ---- the snapshot and the events ---- */

  function onSnapshot(snap) {
    var first = !state.synced;
    state.synced = true;
    state.center = snap.center;
    state.order = snap.windows.map(function (w) { return w.id; });
    state.windows = {};
    snap.windows.forEach(function (w) { state.windows[w.id] = w; });
    state.groups = snap.waiting_by_group;
    var calls = snap.last_calls.filter(function (c) { return c.number; });
    var missed = first ? [] : calls.filter(function (c) {
      return c.seq > state.shownSeq && Date.now() - Date.parse(c.at) < MISSED_CALL_MS;
    }).reverse();
    state.calls = calls;
    calls.forEach(function (c) { state.shownSeq = Math.max(state.shownSeq, c.seq); });
    renderCenterName();
    renderCalls();
    renderWindows();
    renderGroups();
    renderNotice(snap.center.notice);
    tick();
    calls.forEach(function (c) { if (!(window.__shown || {})[c.number]) markShown(c.number); });
    missed.forEach(function (c) {
      flash(c.number);
      announcer.say({ number: c.number, window: c.window_number,
                      recall: c.type === "ticket.recalled" });
    });
    document.body.dataset.seq = snap.seq;
  }

  /* The lines come with the last message of each change that moved them. */
  function applyLine(line) {
    state.groups = line.waiting_by_group;
    line.waiting_by_window.forEach(function (row) {
      if (state.windows[row.window_id]) state.windows[row.window_id].waiting = row.waiting;
    });
    renderGroups();
  }

  function onEvent(name, p) {
    switch (name) {
      case "ticket.called":
      case "ticket.recalled":
        setCurrent(p.ticket.window_id, p.ticket);
        called(p);
        break;
      case "ticket.started":
        setCurrent(p.ticket.window_id, p.ticket);
        break;
      case "ticket.completed":
      case "ticket.no_show":
      case "ticket.transferred":
      case "ticket.cancelled":
        var w = state.windows[p.ticket.window_id];
        if (w && w.current_ticket && w.current_ticket.id === p.ticket.id) {
          setCurrent(w.id, null);
        }
        break;
      case "window.changed":
        var prev = state.windows[p.window.id];
        if (prev) {
          var next = Object.assign({}, prev, p.window);
          next.current_ticket = prev.current_ticket;
          next.waiting = prev.waiting;
          state.windows[p.window.id] = next;
          renderWindows();
        }
        break;
      case "center.notice":
        if (state.center) state.center.notice = p.notice;
        renderNotice(p.notice);
        break;
      default:
        break;
    }
    if (p.line) applyLine(p.line);
    if (p.seq) document.body.dataset.seq = p.seq;
  }

  /* ---- voice toggle and the one tap browsers need before they make a sound ---- */

  function renderVoice() {
    var button = document.getElementById("voice-toggle");
    var on = announcer.enabled();
    button.setAttribute("aria-pressed", on ? "true" : "false");
    var label = document.getElementById("voice-label");
    var mute = announcer.engine() === "none";
    button.dataset.engine = announcer.engine();
    label.dataset.i18n = mute ? "voice_none" : on ? "voice_on" : "voice_off";
    label.textContent = I18n.t(label.dataset.i18n);
    document.getElementById("sound-hint").hidden = !(on && announcer.locked());
  }

  document.getElementById("voice-toggle").addEventListener("click", function (e) {
    e.stopPropagation();
    announcer.unlock();
    announcer.setEnabled(!announcer.enabled());
    renderVoice();
  });
  ["pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function () { announcer.unlock(); }, { passive: true });
  });
  announcer.onUnlock(function () { setTimeout(renderVoice, 50); });

  I18n.onChange(function () {
    renderCenterName(); renderCalls(); renderWindows(); renderGroups(); renderVoice(); tick();
  });

  renderVoice();
  tick();
  setInterval(tick, 1000);
  var live = HallLive.connect({ centerId: centerId, onSnapshot: onSnapshot, onEvent: onEvent });
  window.__board = { live: live, announcer: announcer, state: state };
})();
