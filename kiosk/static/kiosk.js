/* The kiosk: take a number, check in a booking, or be guided to the right items.
 *
 * One page, one finger: every screen is a <section data-screen>, shown one at a time.
 * Ticket requests carry an Idempotency-Key made once per tap and reused by "try again",
 * so a double tap or a retry after a network error never issues two tickets. After
 * QMS_KIOSK_IDLE_SECONDS without a touch the kiosk returns home in its default language.
 *
 * Plain scripts in the order the page loads them, sharing window.Kiosk: kiosk-text,
 * kiosk-core, -take, -guide, -ticket, then this one (5 of 5): the scanner, taps, the hall's
 * events and the start. */
(function (K) {
  "use strict";
  var cfg = K.config, T = K.T, state = K.state, renderers = K.renderers, $ = K.$;

  // A scanner on the home screen: fast keystrokes ending with Enter are a booking code.

  var scan = { text: "", at: 0 };

  function onKeydown(e) {
    K.lastTouch = Date.now();
    var target = e.target;
    if (target && target.id === "reservation-code") {
      if (e.key === "Enter") { e.preventDefault(); K.checkIn(); }
      return;
    }
    if (target && target.id === "item-search") {
      setTimeout(function () { state.query = target.value; renderers.take(); }, 0);
      return;
    }
    var now = Date.now();
    if (now - scan.at > 500) scan.text = "";
    scan.at = now;
    if (e.key === "Enter") {
      if (scan.text.length >= 4 && (state.screen === "home" || state.screen === "reservation")) {
        $("#reservation-code").value = scan.text.toUpperCase();
        K.show("reservation");
        K.checkIn(scan.text);
      }
      scan.text = "";
    } else if (e.key && e.key.length === 1 && /[0-9A-Za-z]/.test(e.key)) {
      scan.text += e.key;
    }
  }

  // Taps.

  function onClick(e) {
    var target = e.target.closest("button");
    if (!target || target.disabled) return;
    if (target.dataset.lang) { I18n.set(target.dataset.lang, false); K.render(); return; }
    if (target.dataset.field) { state.field = target.dataset.field; renderers.take(); return; }
    if (target.dataset.item) { K.chooseItem(Number(target.dataset.item)); return; }
    if (target.dataset.priority) { state.priority = target.dataset.priority; K.renderPriority(); return; }
    if (target.dataset.guide) { K.openGuide(target.dataset.guide); return; }
    if (target.dataset.option) { state.path.push(Number(target.dataset.option)); K.showNode(); return; }
    switch (target.dataset.action) {
      case "take": K.needCatalog(function () { K.show("take"); }); break;
      case "reservation": K.show("reservation"); break;
      case "guide": K.needCatalog(function () { K.show("guides"); }); break;
      case "home": case "done": K.goHome(); break;
      case "back": K.show("take"); break;
      case "search-clear": $("#item-search").value = ""; state.query = ""; renderers.take(); break;
      case "confirm-take": K.takeTicket(); break;
      case "check-in": K.checkIn(); break;
      case "code-clear": K.clearCode(); break;
      case "guide-back": K.guideBack(); break;
      case "guide-take": K.guideTake(true); break;
      case "guide-paper": K.guideTake(false); break;
      case "retry": if (state.retry) state.retry(); break;
    }
  }

  function onEvent(name, payload) {
    if (name === "device.status" && cfg.kioskId && payload.device_id === cfg.kioskId) {
      cfg.printer = (payload.status || {}).printer || cfg.printer;
      K.render();
    }
    if (name === "center.notice" && K.catalog) {
      K.catalog.center.notice = payload.notice || payload.text || "";
      K.render();
    }
  }

  function goFullscreen() {
    if (navigator.webdriver || document.fullscreenElement || !document.documentElement.requestFullscreen) return;
    document.documentElement.requestFullscreen().catch(function () { /* the kiosk browser decides */ });
  }

  function start() {
    I18n.init(T, cfg.defaultLang);
    var fromUrl = new URLSearchParams(location.search).get("lang");
    I18n.set(fromUrl === "en" || fromUrl === "zh" ? fromUrl : cfg.defaultLang, false);
    I18n.onChange(function () { K.render(); K.clock(); });
    K.buildKeyboard($("#search-keyboard"), K.KEYBOARD_ROWS, K.onSearchKey);
    var alphabet = cfg.codeAlphabet || "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    var rows = [];
    for (var i = 0; i < alphabet.length; i += 7) rows.push(alphabet.slice(i, i + 7));
    K.buildKeyboard($("#code-keypad"), rows, K.onCodeKey);
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKeydown);
    ["pointerdown", "touchstart"].forEach(function (type) {
      document.addEventListener(type, function () { K.lastTouch = Date.now(); goFullscreen(); }, { passive: true });
    });
    document.addEventListener("contextmenu", function (e) { e.preventDefault(); });
    $("#item-search").addEventListener("input", function (e) { state.query = e.target.value; renderers.take(); });
    setInterval(K.tick, 1000);
    setInterval(K.clock, 10000);
    K.clock();
    K.show("home");
    K.loadCatalog();
    if (window.io && window.HallLive) {
      HallLive.connect({
        centerId: cfg.centerId,
        onSnapshot: function () { K.loadCatalog(); },
        onEvent: onEvent,
      });
    }
  }

  start();
})(window.Kiosk);
