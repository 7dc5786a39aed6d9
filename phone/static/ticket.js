/* /t/{token}: a ticket, live. The number, people ahead, the estimated wait, and when it is
 * called the window, with a vibration and a notification where the phone allows.
 *
 * The page listens to the hall (/hall, the ticket's center). It fetches its ticket with
 * its line when it opens, on every (re)connect or seq gap (HallLive's snapshot), when an
 * event concerns the ticket itself and when a window changes; other tickets' events move
 * the line without a request: static/js/line.js counts the people ahead from them, exactly
 * as the server would, and the time passing is counted again each half minute.
 */
(function () {
  "use strict";
  var el = Dom.el;
  var root = document.getElementById("ticket");
  var token = root.dataset.token;
  var centerId = Number(root.dataset.centerId);
  var timeZone = root.dataset.timezone;
  var ids = {};
  var status = null;
  var alerted = null;
  var worker = null;
  var line = null;
  var skewUs = 0;
  var RECOUNT_MS = 30000;
  var baseTitle = document.title;

  function fill(id, value) { document.getElementById(id).textContent = value; }

  /* 1, 2, 3, 4, 9 -> "1–4、9": fifteen comprehensive windows read as one range. */
  function ranges(numbers) {
    var sorted = numbers.slice().sort(function (a, b) { return a - b; });
    var out = [];
    sorted.forEach(function (n) {
      var last = out[out.length - 1];
      if (last && n === last[1] + 1) last[1] = n;
      else out.push([n, n]);
    });
    return out.map(function (r) {
      return r[0] === r[1] ? String(r[0]) : r[1] === r[0] + 1 ? r[0] + (I18n.lang() === "en" ? ", " : "、") + r[1] : r[0] + "–" + r[1];
    }).join(I18n.lang() === "en" ? ", " : "、");
  }

  function windowsText(list) {
    if (!list || !list.length) return I18n.t("ticket.nowindow");
    return I18n.t("ticket.windowlist", { list: ranges(list) });
  }

  function outcomeText(outcome) {
    var kind = outcome.kind;
    if (kind === "express") return I18n.t("outcome.express", { n: outcome.tracking_number || "" });
    if (kind === "supplement") return I18n.t("outcome.supplement", { due: outcome.due || "" });
    return I18n.t("outcome." + kind);
  }

  function render() {
    if (!status) return;
    var s = status;
    document.body.dataset.state = s.state;
    fill("ticket-number", s.number);
    fill("t-center", I18n.name({ name: s.center_name, name_en: s.center_name_en }));
    fill("t-item", I18n.name({ name: s.item_name, name_en: s.item_name_en }) +
      (s.transferred_from ? " · " + I18n.t("ticket.from", { n: s.transferred_from }) : ""));
    var call = document.getElementById("ticket-call");
    var stateKey = "ticket.state." + s.state;
    if (!s.today) stateKey = "ticket.state.old";
    fill("ticket-state", I18n.t(stateKey, { w: s.window_number }));
    call.hidden = !(s.state === "called" || s.state === "serving");
    if (!call.hidden) {
      call.textContent = s.state === "called"
        ? I18n.t("ticket.goto", { w: s.window_number }) : I18n.t("ticket.at", { w: s.window_number });
    }
    var waiting = s.state === "waiting";
    document.getElementById("t-wait").hidden = !waiting;
    fill("ticket-ahead", I18n.t("ticket.aheadn", { n: s.ahead }));
    fill("ticket-wait", s.estimated_wait_minutes === null || s.estimated_wait_minutes === undefined
      ? I18n.t("ticket.nowait") : I18n.t("ticket.minutes", { n: s.estimated_wait_minutes }));
    fill("ticket-windows", windowsText(s.windows));
    var box = document.getElementById("t-outcome");
    box.hidden = !(s.state === "done" && s.outcome);
    if (!box.hidden) {
      fill("outcome-text", outcomeText(s.outcome));
      var ul = document.getElementById("outcome-missing");
      ul.innerHTML = "";
      (s.outcome.missing || []).forEach(function (m) { ul.appendChild(el("li", { text: m })); });
      fill("outcome-note", s.outcome.note || "");
    }
    var open = s.state === "waiting" || s.state === "called";
    document.getElementById("notify").hidden = !(waiting && canAsk());
    document.getElementById("t-keep").hidden = !open;
    fill("notify-state", open ? notifyState() : "");
    if (s.state !== "called") document.getElementById("t-card").classList.remove("flash");
    document.title = s.state === "called"
      ? "🔔 " + I18n.t("ticket.goto", { w: s.window_number }) + " · " + s.number : baseTitle;
  }

  function canAsk() {
    return "Notification" in window && Notification.permission === "default";
  }

  function notifyState() {
    if (!("Notification" in window)) return "";
    if (Notification.permission === "granted") return I18n.t("ticket.notify.on");
    if (Notification.permission === "denied") return I18n.t("ticket.notify.off");
    return "";
  }

  /* Tell the resident, once per call or recall: vibrate, notify, flash. */
  function alertIfCalled(s) {
    if (s.state !== "called") return;
    var key = s.id + ":" + s.recall_count;
    if (alerted === key) return;
    var first = alerted === null && !root.dataset.live;
    alerted = key;
    if (first && s.called_at && Date.now() - new Date(s.called_at).getTime() > 120000) return;
    var title = I18n.t("ticket.goto", { w: s.window_number });
    var body = s.number + " · " + I18n.name({ name: s.center_name, name_en: s.center_name_en });
    if (navigator.vibrate) {
      try { navigator.vibrate([400, 200, 400, 200, 600]); } catch (e) { /* not allowed yet */ }
    }
    if ("Notification" in window && Notification.permission === "granted") {
      var options = { body: body, tag: "ticket-" + s.id, renotify: true,
        vibrate: [400, 200, 400], requireInteraction: true };
      if (worker && worker.showNotification) worker.showNotification(title, options);
      else {
        try { new Notification(title, options); } catch (e) { /* Android needs the worker */ }
      }
    }
    var card = document.getElementById("t-card");
    card.classList.remove("flash");
    void card.offsetWidth;
    card.classList.add("flash");
  }

  function refresh() {
    return Phone.api("GET", "/tickets/" + encodeURIComponent(token) + "?line=1")
      .then(function (s) {
        ids[s.id] = true;
        status = s;
        line = s.line ? Line.follow(s.line) : null;
        if (s.line) skewUs = s.line.now_us - Date.now() * 1000;
        fill("ticket-updated", Phone.time(new Date().toISOString(), timeZone));
        alertIfCalled(s);
        root.dataset.live = "1";
        render();
      })
      .catch(function (error) {
        if (error.status === 404) location.reload();
      });
  }

  /* The people ahead now, from the line this page follows (the server's clock). */
  function recount() {
    if (!line || !status || status.state !== "waiting") return;
    var ahead = line.ahead(Date.now() * 1000 + skewUs);
    if (ahead === status.ahead) return;
    status.ahead = ahead;
    status.estimated_wait_minutes = line.wait(ahead);
    render();
  }

  function concernsMe(payload) {
    var t = payload.ticket;
    var n = payload.new_ticket;
    return !!((t && ids[t.id]) || (n && ids[n.id]));
  }

  function askToNotify() {
    if (!("Notification" in window)) return;
    Notification.requestPermission().then(function () { render(); });
  }

  Phone.start();
  I18n.onChange(render);
  document.getElementById("notify").addEventListener("click", askToNotify);
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/t/sw.js", { scope: "/t/" })
      .then(function (registration) { worker = registration; })
      .catch(function () { worker = null; });
  }
  refresh();
  HallLive.connect({
    centerId: centerId,
    onSnapshot: function () { refresh(); },
    onEvent: function (name, payload) {
      if (concernsMe(payload) || name === "window.changed") refresh();
      else if (line && line.apply(name, payload)) recount();
    },
  });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) recount(); });
  setInterval(recount, RECOUNT_MS);
})();
