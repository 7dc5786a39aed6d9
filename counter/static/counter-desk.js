/* The window desk (3 of 7): the desk itself (the ticket at the window, its materials, the
 * line, the day's counts) kept live through static/js/live.js. */
(function (C) {
  "use strict";
  var S = C.S, $ = C.$, Api = C.Api;
  var LINE_SHOWN = 30;

  /* ---- the desk ---- */

  function enterDesk(w) {
    S.window = w;
    Store.session.set(C.WINDOW_KEY, w.id);
    Store.session.set(C.CENTER_KEY, w.center_id);
    S.centerId = w.center_id;
    S.center = S.centers.filter(function (c) { return c.id === w.center_id; })[0] || S.center;
    C.show("desk");
    renderDesk();
    loadItems().then(renderDesk);
    refreshLine();
    refreshToday();
    connect();
  }

  function loadItems() {
    if (S.itemsCenter === S.centerId) return Promise.resolve();
    return Api.get("/centers/" + S.centerId + "/items").then(function (items) {
      S.items = {};
      S.itemOrder = items.map(function (i) { S.items[i.id] = i; return i.id; });
      S.itemsCenter = S.centerId;
    }, C.failed);
  }

  function current() {
    var t = S.window && S.window.current_ticket;
    return t && (t.state === "called" || t.state === "serving") ? t : null;
  }

  function renderDesk() {
    if (!S.window) return;
    var w = S.window;
    $("desk-title").textContent = I18n.t("window_n", { n: w.number }) + " · "
      + (I18n.name(w, "group") || w.kind);
    var badge = $("desk-state");
    badge.dataset.state = w.state;
    badge.textContent = I18n.t(w.state);
    $("desk-who").textContent = S.me ? (S.me.display_name || S.me.username) : "";
    renderCurrent();
    renderButtons();
    renderLine();
    renderToday();
  }

  function renderCurrent() {
    var t = current();
    $("current-empty").hidden = !!t;
    $("current-ticket").hidden = !t;
    document.body.dataset.current = t ? t.number : "";
    document.body.dataset.currentState = t ? t.state : "";
    if (!t) {
      var n = S.line ? S.line.count : 0;
      $("current-empty-sub").textContent = S.window.state === "paused" ? I18n.t("empty_paused")
        : I18n.t("empty_sub", { n: n });
      return;
    }
    $("ticket-number").textContent = t.number;
    var st = $("ticket-state");
    st.textContent = I18n.t(t.state);
    st.dataset.state = t.state;
    var badges = $("ticket-badges");
    badges.textContent = "";
    if (t.source && t.source !== "walk_in") {
      badges.appendChild(Dom.el("span", { class: "ct-badge", text: I18n.t("source_" + t.source) }));
    }
    if (t.priority && t.priority !== "normal") {
      badges.appendChild(Dom.el("span", { class: "ct-badge ct-badge-prio", text: prioLabel(t.priority) }));
    }
    $("ticket-item").textContent = I18n.name(t, "item_name");
    var times = [I18n.t("called_at", { t: C.hhmm(t.called_at) })];
    if (t.recall_count) times.push(I18n.t("recalled_n", { n: t.recall_count }));
    $("ticket-times").textContent = times.join(" · ");
    renderItemHelp(t);
  }

  /* A priority class in the page's language, as the server names it for every page. */
  function prioLabel(p) {
    var labels = (S.center && S.center.priority_labels) || {};
    return labels[p] ? I18n.name(labels[p], "name") : p;
  }


  function materialText(m) {
    return I18n.lang() === "en" ? (m.en || m.zh) : (m.zh || m.en);
  }

  /* The item's materials (ticked off as they are checked) and the related items worth
   * suggesting: the "family planning pension" moment of the seed report. */
  function renderItemHelp(t) {
    var item = S.items[t.item_id];
    var list = $("materials");
    var keep = S.materialsFor === t.id ? Array.prototype.map.call(
      list.querySelectorAll("input"), function (i) { return i.checked; }) : [];
    S.materialsFor = t.id;
    list.textContent = "";
    var materials = (item && item.materials) || [];
    if (!materials.length) list.appendChild(Dom.el("li", { class: "ct-none", text: I18n.t("none") }));
    materials.forEach(function (m, i) {
      var li = Dom.el("li");
      var label = Dom.el("label");
      var box = Dom.el("input");
      box.type = "checkbox";
      box.checked = !!keep[i];
      label.appendChild(box);
      label.appendChild(Dom.el("span", { text: materialText(m) }));
      li.appendChild(label);
      list.appendChild(li);
    });
    var related = $("related");
    related.textContent = "";
    var ids = (item && item.related_item_ids) || [];
    if (!ids.length) related.appendChild(Dom.el("li", { class: "ct-none", text: I18n.t("none") }));
    ids.forEach(function (id) {
      var other = S.items[id];
      if (other) related.appendChild(Dom.el("li", { class: "ct-related-item", text: I18n.name(other) }));
    });
  }

  function renderButtons() {
    var w = S.window;
    var t = current();
    var open = w.state === "open";
    var rules = {
      "call-next": open && !t,
      "recall": !!t && t.state === "called",
      "start": !!t && t.state === "called",
      "complete": !!t,
      "no-show": !!t && t.state === "called",
      "transfer": !!t,
      "walk-up": open && !t,
      "pause": w.state !== "closed",
    };
    document.querySelectorAll("#actions button").forEach(function (b) {
      b.disabled = S.busy || !rules[b.dataset.action];
    });
    var pause = $("pause-label");
    pause.dataset.i18n = w.state === "paused" ? "resume" : "pause";
    pause.textContent = I18n.t(pause.dataset.i18n);
    document.querySelectorAll(".ct-line-call").forEach(function (b) {
      b.disabled = S.busy || !open || !!t;
    });
  }

  /* ---- the line and the day ---- */

  var lineTimer = null;
  function refreshLineSoon() {
    if (lineTimer) return;
    lineTimer = setTimeout(function () { lineTimer = null; refreshLine(); }, 400);
  }

  function refreshLine() {
    if (!S.window) return Promise.resolve();
    var id = S.window.id;
    return Api.get("/windows/" + id + "/waiting?limit=" + LINE_SHOWN).then(function (line) {
      if (!S.window || S.window.id !== id) return;
      S.line = line;
      renderLine();
      renderCurrent();
    }, function (err) { if (err.status === 401) C.signedOut(I18n.t("err_signed_out")); });
  }

  /* A called ticket leaves the line at once; the next fetch confirms the rest. */
  function leftLine(ticketId) {
    if (!S.line) return;
    var before = S.line.tickets.length;
    S.line.tickets = S.line.tickets.filter(function (t) { return t.id !== ticketId; });
    if (S.line.tickets.length < before) S.line.count = Math.max(0, S.line.count - 1);
  }

  function renderLine() {
    var line = S.line;
    $("line-count").textContent = line ? line.count : "–";
    $("line-longest").textContent = line && line.longest_wait_minutes !== null
      ? I18n.t("longest", { n: line.longest_wait_minutes }) : "";
    var list = $("line-list");
    list.textContent = "";
    if (line && !line.tickets.length) {
      list.appendChild(Dom.el("li", { class: "ct-none", text: I18n.t("nobody_waits") }));
    }
    (line ? line.tickets : []).forEach(function (t) {
      var li = Dom.el("li", { class: "ct-line-row" });
      li.dataset.number = t.number;
      li.appendChild(Dom.el("span", { class: "ct-line-number", text: t.number }));
      var what = Dom.el("span", { class: "ct-line-item", text: I18n.name(t, "item_name") });
      if (t.source !== "walk_in") {
        what.appendChild(Dom.el("span", { class: "ct-badge", text: I18n.t("source_" + t.source) }));
      }
      if (t.priority !== "normal") {
        what.appendChild(Dom.el("span", { class: "ct-badge ct-badge-prio",
                                          text: prioLabel(t.priority) }));
      }
      li.appendChild(what);
      li.appendChild(Dom.el("span", { class: "ct-line-wait",
                                      text: I18n.t("waited", { n: t.waited_minutes }) }));
      var call = Dom.el("button", { class: "ct-line-call secondary", text: I18n.t("call_this") });
      call.type = "button";
      call.addEventListener("click", function () { C.callOutOfTurn(t); });
      li.appendChild(call);
      list.appendChild(li);
    });
    renderButtons();
  }

  function refreshToday() {
    if (!S.centerId) return;
    Api.get("/desk/today?center_id=" + S.centerId).then(function (today) {
      S.today = today;
      renderToday();
    }, function () { /* the figures wait for the next change */ });
  }

  function renderToday() {
    var box = $("today");
    box.textContent = "";
    var t = S.today;
    if (!t) return;
    [["t_called", t.called], ["t_completed", t.completed], ["t_no_show", t.no_show],
     ["t_transferred", t.transferred],
     ["t_average", t.average_minutes === null ? "–" : t.average_minutes],
     ["t_rating", t.average_rating === null ? "–" : t.average_rating + " (" + t.ratings + ")"]]
      .forEach(function (pair) {
        var cell = Dom.el("div", { class: "ct-today-cell" });
        cell.dataset.key = pair[0];
        cell.appendChild(Dom.el("dt", { text: I18n.t(pair[0]) }));
        cell.appendChild(Dom.el("dd", { text: String(pair[1]) }));
        box.appendChild(cell);
      });
  }

  /* ---- live ---- */

  function connect() {
    var key = S.window.center_id + ":" + S.window.id;
    if (S.live && S.liveKey === key) return;
    disconnect();
    S.liveKey = key;
    S.live = HallLive.connect({
      centerId: S.window.center_id, windowId: S.window.id,
      onSnapshot: onSnapshot, onEvent: onEvent,
    });
  }

  function disconnect() {
    if (S.live) S.live.socket.disconnect();
    S.live = null;
    S.liveKey = null;
  }

  function stillMine(w) {
    if (w.staff_user_id === S.me.id && w.state !== "closed") return true;
    Store.session.set(C.WINDOW_KEY, null);
    S.window = null;
    disconnect();
    C.loadWindows().then(function () {
      if (S.me && document.body.dataset.screen === "desk") {
        C.showPick(I18n.t("lost_window", { n: w.number }));
      }
    });
    return false;
  }

  function onSnapshot(snap) {
    if (!S.window) return;
    var w = snap.windows.filter(function (x) { return x.id === S.window.id; })[0];
    if (!w || !stillMine(w)) return;
    S.window = w;
    renderDesk();
    refreshLine();
    refreshToday();
  }

  function onEvent(name, p) {
    if (!S.window) return;
    var id = S.window.id;
    if (name === "window.changed" && p.window.id === id) {
      var currentTicket = S.window.current_ticket;
      S.window = Object.assign({}, S.window, p.window, { current_ticket: currentTicket });
      if (!stillMine(S.window)) return;
      renderDesk();
    } else if (p.ticket && p.ticket.window_id === id && /^ticket\./.test(name)) {
      var done = /completed|no_show|transferred/.test(name);
      if (done) {
        if (S.window.current_ticket && S.window.current_ticket.id === p.ticket.id) {
          S.window.current_ticket = null;
        }
      } else {
        S.window.current_ticket = p.ticket;
      }
      renderCurrent();
      renderButtons();
      refreshToday();
    } else if (name === "rating.recorded" && p.window_id === id) {
      C.toast(I18n.t("toast_rated", { n: p.ticket.number, s: p.score }));
      refreshToday();
    }
    if (name === "ticket.called" && p.ticket) { leftLine(p.ticket.id); renderLine(); }
    if (/^ticket\./.test(name)) refreshLineSoon();
  }

  C.connect = connect;
  C.current = current;
  C.disconnect = disconnect;
  C.enterDesk = enterDesk;
  C.leftLine = leftLine;
  C.materialText = materialText;
  C.prioLabel = prioLabel;
  C.refreshLineSoon = refreshLineSoon;
  C.refreshToday = refreshToday;
  C.renderButtons = renderButtons;
  C.renderDesk = renderDesk;
})(window.Counter);
