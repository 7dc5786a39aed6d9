/* The window desk (1 of 7): the namespace every desk script shares, its state, and the
 * small helpers: messages (toast, explain, failed) and the screen shown. */
(function (C) {
  "use strict";

  var Api = C.Api = window.CounterApi;
  var WINDOW_KEY = "qms.counter.window";
  var CENTER_KEY = "qms.counter.center";

  I18n.init(window.COUNTER_TEXT, document.body.dataset.lang);

  var S = C.S = {
    me: null, centers: [], centerId: null, center: null, windows: [], window: null,
    items: {}, itemOrder: [], line: null, today: null, live: null, liveKey: null, busy: false,
    dialog: null, materialsFor: null,
  };

  function $(id) { return document.getElementById(id); }

  function hhmm(iso) {
    if (!iso) return "";
    var tz = (S.center && S.center.timezone) || "Asia/Shanghai";
    return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit",
      hour12: false, timeZone: tz }).format(new Date(iso));
  }

  /* ---- messages ---- */

  var toastTimer = null;
  function toast(text, kind) {
    var box = $("toast");
    box.textContent = text;
    box.className = "ct-toast" + (kind ? " ct-toast-" + kind : "");
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, kind === "error" ? 7000 : 3500);
  }

  function explain(err) {
    if (err.status === 0) return I18n.t("err_network");
    if (err.code === "window_held") return I18n.t("err_window_held");
    return err.message;
  }

  function failed(err) {
    if (err.status === 401) { C.signedOut(); return; }
    toast(explain(err), "error");
  }

  /* ---- screens ---- */

  function show(screen) {
    ["signin", "pick", "desk"].forEach(function (name) { $(name).hidden = name !== screen; });
    document.body.dataset.screen = screen;
  }

  C.$ = $;
  C.CENTER_KEY = CENTER_KEY;
  C.WINDOW_KEY = WINDOW_KEY;
  C.explain = explain;
  C.failed = failed;
  C.hhmm = hhmm;
  C.show = show;
  C.toast = toast;
})(window.Counter = window.Counter || {});
