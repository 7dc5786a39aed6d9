/* The board above one window: its number, the ticket it serves, open / paused / closed. */
(function () {
  "use strict";

  var body = document.body;
  var windowId = +body.dataset.windowId;
  var FLASH_MS = 6000;

  I18n.init(window.BOARD_TEXT, body.dataset.lang);

  var win = null;
  var flashTimer = null;

  function render() {
    if (!win) return;
    body.dataset.state = win.state;
    document.getElementById("window-number").textContent = I18n.t("window_n", { n: win.number });
    var badge = document.getElementById("window-state");
    badge.dataset.state = win.state;
    badge.textContent = I18n.t(win.state);
    var t = win.state === "closed" ? null : win.current_ticket;
    var label = document.getElementById("ticket-label");
    var ticket = document.getElementById("ticket");
    var item = document.getElementById("item");
    var rest = document.getElementById("rest");
    body.dataset.ticket = t ? t.number : "";
    if (t) {
      label.textContent = I18n.t(t.state === "serving" ? "serving" : "calling");
      ticket.textContent = t.number;
      item.textContent = I18n.name(t, "item_name");
      rest.textContent = "";
    } else {
      label.textContent = "";
      ticket.textContent = "";
      item.textContent = "";
      var reason = (win.state_reason || "").split(":")[0];
      rest.textContent = win.state === "open" ? I18n.t("free")
        : win.state === "paused" ? I18n.t("paused_" + (["break", "training"].indexOf(reason) >= 0
          ? reason : "other"))
        : I18n.t("closed_rest");
    }
  }

  function flash() {
    var main = document.getElementById("body");
    main.classList.remove("flash");
    void main.offsetWidth;
    main.classList.add("flash");
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { main.classList.remove("flash"); }, FLASH_MS);
  }

  function shown(number) {
    window.__shown = window.__shown || {};
    window.__shown[number] = Date.now();
  }

  function onSnapshot(snap) {
    win = snap.windows.filter(function (w) { return w.id === windowId; })[0] || win;
    render();
    if (win && win.current_ticket && !(window.__shown || {})[win.current_ticket.number]) {
      shown(win.current_ticket.number);
    }
  }

  function onEvent(name, p) {
    if (!win) return;
    if (p.window && p.window.id === windowId) {
      var current = win.current_ticket;
      win = Object.assign({}, win, p.window);
      win.current_ticket = current;
      render();
      return;
    }
    if (!p.ticket || p.ticket.window_id !== windowId) return;
    if (name === "ticket.called" || name === "ticket.recalled" || name === "ticket.started") {
      win.current_ticket = p.ticket;
      render();
      if (name !== "ticket.started") { flash(); shown(p.ticket.number); }
    } else if (/^ticket\.(completed|no_show|transferred|cancelled)$/.test(name)) {
      if (win.current_ticket && win.current_ticket.id === p.ticket.id) win.current_ticket = null;
      render();
    }
  }

  I18n.onChange(render);
  HallLive.connect({ centerId: +body.dataset.centerId, windowId: windowId,
                     onSnapshot: onSnapshot, onEvent: onEvent });
})();
