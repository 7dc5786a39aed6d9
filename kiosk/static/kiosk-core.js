/* The kiosk (1 of 5): the namespace every kiosk script shares (window.Kiosk), its state,
 * small helpers, the screens, the home screen, errors a resident can read, idle and clock. */
(function (K) {
  "use strict";

  var cfg = K.config = JSON.parse(document.getElementById("kiosk-config").textContent);
  var T = K.T = window.KIOSK_TEXT;
  var REQUEST_TIMEOUT_MS = 15000;
  var TROUBLE = { paper_out: true, error: true, offline: true };
  var state = K.state = fresh();
  K.catalog = null;
  K.lastTouch = Date.now();

  function fresh() {
    return {
      screen: "home", field: null, query: "", item: null, priority: "normal",
      guide: null, path: [], tickets: [], failures: [], paper: null, printing: false,
      error: null, retry: null, busy: false,
    };
  }

  // Small helpers.

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function t(key, vars) { return I18n.t(key, vars); }
  function txt(pair) { return pair ? (I18n.lang() === "en" ? pair.en || pair.zh : pair.zh || pair.en) : ""; }
  var el = Dom.el;
  var clear = Dom.clear;

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "kiosk-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  /* The kiosk's device token (set up once with ?device=TOKEN): it prints on this kiosk's
   * printer and issues without the public's rate limit. Without it the kiosk prints nothing. */
  var deviceToken = QmsDevice.token("kiosk");
  K.printKiosk = deviceToken ? cfg.kioskId : null;

  /* A JSON request; rejects with an Error carrying .network, .status, .code, .message. */
  function request(method, url, body, key) {
    return QmsApi.request(method, url, {
      body: body || undefined, idempotencyKey: key, timeoutMs: REQUEST_TIMEOUT_MS,
      token: deviceToken || undefined,
    });
  }

  // Screens.

  var renderers = K.renderers = {};

  function show(screen) {
    state.screen = screen;
    $all("main > .screen").forEach(function (s) { s.hidden = s.dataset.screen !== screen; });
    document.body.dataset.screen = screen;
    render();
    if (K.onShow) K.onShow(screen);
    window.scrollTo(0, 0);
    var main = $("#screens");
    if (main) main.scrollTop = 0;
  }

  function render() {
    $("#center-name").textContent = K.catalog ? I18n.name(K.catalog.center) : $("#center-name").textContent;
    $all("[data-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === I18n.lang()));
    });
    renderHomeNotes();
    if (renderers[state.screen]) renderers[state.screen]();
    idleNote();
  }

  function busy(on) {
    state.busy = on;
    $("#busy").hidden = !on;
  }

  function goHome() {
    Object.assign(state, fresh());
    $("#item-search").value = "";
    $("#reservation-code").value = "";
    $("#reservation-problem-box").hidden = true;
    busy(false);
    show("home");
    loadCatalog();
  }

  function idleReset() {
    K.lastTouch = Date.now();
    if (K.senior) K.senior(false);  /* the next resident starts in the usual mode */
    goHome();
    I18n.set(cfg.defaultLang, false);
  }

  // Home.

  function renderHomeNotes() {
    var notice = $("#notice");
    var text = K.catalog && K.catalog.center.notice;
    notice.hidden = !text;
    notice.textContent = text || "";
    /* No guides at this center: no button leading to an empty list. */
    $("[data-action='guide']").hidden = !!K.catalog && !(K.catalog.guides || []).length;
    var warn = $("#printer-home");
    var trouble = K.printerTrouble();
    warn.hidden = !trouble;
    warn.textContent = trouble ? t("printer.home", { why: t("printer." + cfg.printer) }) : "";
  }

  /* A priority class in the page's language, as the server names it for every page. */
  K.priorityLabel = function (c) {
    var labels = (K.catalog && K.catalog.center.priority_labels) || {};
    return labels[c] ? I18n.name(labels[c], "name") : c;
  };

  function loadCatalog() {

    return request("GET", cfg.catalogUrl).then(function (data) {
      K.catalog = data;
      if (data.kiosk) cfg.printer = data.kiosk.printer;
      render();
      return data;
    }, function () { return K.catalog; });
  }

  function needCatalog(then) {
    if (K.catalog) { then(); return; }
    busy(true);
    loadCatalog().then(function (data) {
      busy(false);
      if (data) then();
      else fail({ network: true }, null);
    });
  }

  // Errors as a screen a resident can read; "try again" repeats the same request (same key).

  var KNOWN_ERRORS = {
    center_closed: true, no_window_serves: true, already_checked_in: true, rate_limited: true,
  };

  function errorText(err, context) {
    if (err.network) return { title: t("error.network.title"), text: t("error.network"), retry: true };
    var code = err.code;
    if (code === "not_found" && context === "reservation") code = "unknown_code";
    if (code === "conflict" && context === "reservation") code = "booking_conflict";
    if (KNOWN_ERRORS[code] || code === "unknown_code" || code === "booking_conflict") {
      return { title: t("error." + code + ".title"), text: t("error." + code), detail: err.message,
               retry: code === "rate_limited" };
    }
    return { title: t("error.other.title"), text: t("error.other"), detail: err.message,
             retry: err.status >= 500 };
  }

  function fail(err, retry, context) {
    state.error = { err: err, context: context };
    state.retry = retry;
    show("error");
  }

  renderers.error = function () {
    if (!state.error) return;
    var e = errorText(state.error.err, state.error.context);
    $("#error-title").textContent = e.title;
    $("#error-text").textContent = e.text;
    $("#error-detail").textContent = I18n.lang() === "en" || !e.text ? (e.detail || "") : "";
    $("[data-action='retry']").hidden = !(e.retry && state.retry);
  };

  // Idle: back home after cfg.idleSeconds without a touch; the last seconds are counted down.

  function secondsLeft() { return Math.ceil(cfg.idleSeconds - (Date.now() - K.lastTouch) / 1000); }

  function tick() {
    if (state.screen !== "home" && !state.busy && secondsLeft() <= 0) idleReset();
    else idleNote();
  }

  function idleNote() {
    var left = secondsLeft();
    $("#idle-note").textContent = state.screen !== "home" && left <= 10
      ? t("idle.soon", { s: Math.max(left, 0) }) : "";
  }

  function clock() {
    try {
      $("#clock").textContent = new Intl.DateTimeFormat(I18n.lang() === "en" ? "en-GB" : "zh-CN", {
        month: "numeric", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit",
        timeZone: (K.catalog && K.catalog.center.timezone) || "Asia/Shanghai",
      }).format(new Date());
    } catch (e) { $("#clock").textContent = ""; }
  }

  K.$ = $;
  K.$all = $all;
  K.t = t;
  K.txt = txt;
  K.TROUBLE = TROUBLE;
  K.busy = busy;
  K.clock = clock;
  K.errorText = errorText;
  K.fail = fail;
  K.goHome = goHome;
  K.loadCatalog = loadCatalog;
  K.needCatalog = needCatalog;
  K.newKey = newKey;
  K.render = render;
  K.request = request;
  K.show = show;
  K.tick = tick;
})(window.Kiosk = window.Kiosk || {});
