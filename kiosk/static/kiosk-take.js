/* The kiosk (2 of 5): take a number (fields, items, search by pinyin initials, priority)
 * and check in a booking (typed on the keypad or scanned). */
(function (K) {
  "use strict";
  var cfg = K.config, T = K.T, state = K.state, renderers = K.renderers, $ = K.$, $all = K.$all,
      t = K.t, txt = K.txt, el = Dom.el, clear = Dom.clear;

  // Take a number: fields, then items; or search by keyword or pinyin initials.

  /* Alphabetical, not QWERTY: easier for someone who never typed on a computer. */
  var KEYBOARD_ROWS = ["ABCDEFG", "HIJKLMN", "OPQRSTU", "VWXYZ"];

  function buildKeyboard(container, rows, onKey) {
    clear(container);
    rows.forEach(function (row) {
      var line = el("div", { class: "key-row" });
      row.split("").forEach(function (ch) {
        line.appendChild(el("button", { type: "button", class: "key", "data-key": ch, text: ch }));
      });
      container.appendChild(line);
    });
    var last = el("div", { class: "key-row" });
    last.appendChild(el("button", { type: "button", class: "key wide secondary", "data-key": "BACK", "data-i18n": "key.back", text: t("key.back") }));
    container.appendChild(last);
    container.addEventListener("click", function (e) {
      var key = e.target.closest("[data-key]");
      if (key) onKey(key.dataset.key);
    });
  }

  function onSearchKey(key) {
    var input = $("#item-search");
    input.value = key === "BACK" ? input.value.slice(0, -1) : input.value + key.toLowerCase();
    state.query = input.value;
    renderers.take();
  }

  renderers.take = function () {
    var fields = clear($("#fields"));
    var list = clear($("#items"));
    if (!K.catalog) return;
    if (!state.field && K.catalog.fields.length) state.field = K.catalog.fields[0].code;
    var q = state.query.trim();
    fields.hidden = !!q;
    K.catalog.fields.forEach(function (f) {
      fields.appendChild(el("button", {
        type: "button", class: "field" + (f.code === state.field ? " current" : ""),
        "data-field": f.code, "aria-pressed": String(f.code === state.field), text: I18n.name(f),
      }));
    });
    var items;
    if (q) {
      items = ItemSearch.find(K.catalog.items, q);
    } else {
      items = K.catalog.items.filter(function (i) { return i.field === state.field; });
    }
    items.forEach(function (i) {
      list.appendChild(el("button", { type: "button", class: "item", "data-item": String(i.id), "data-code": i.code }, [
        el("span", { class: "item-name", text: I18n.name(i) }),
        el("span", { class: "item-dept", text: I18n.name(i, "department") }),
      ]));
    });
    if (!items.length) {
      list.appendChild(el("p", { class: "empty", text: q ? t("take.none", { q: q }) : t("take.empty") }));
    }
  };

  function chooseItem(id) {
    state.item = K.catalog.items.filter(function (i) { return i.id === id; })[0] || null;
    if (state.item) K.show("confirm");
  }

  renderers.confirm = function () {
    var item = state.item;
    if (!item) return;
    $("#confirm-item").textContent = I18n.name(item);
    $("#confirm-department").textContent = I18n.name(item, "department");
    var ul = clear($("#confirm-materials"));
    (item.materials || []).forEach(function (m) { ul.appendChild(el("li", { text: txt(m) })); });
    if (!(item.materials || []).length) ul.appendChild(el("li", { text: t("confirm.nomaterials") }));
    renderPriority();
  };

  // Priority residents choose their class (elderly, disabled, ...) where a ticket is taken.

  function renderPriority() {
    var classes = (K.catalog && K.catalog.center.priority_classes) || [];
    $all(".priority-box").forEach(function (box) {
      clear(box);
      box.hidden = !classes.length;
      if (!classes.length) return;
      box.appendChild(el("h2", { text: t("priority.title") }));
      var row = el("div", { class: "priority-options", role: "group" });
      ["normal"].concat(classes).forEach(function (c) {
        var label = c === "normal" ? t("priority.normal") : K.priorityLabel(c);

        row.appendChild(el("button", {
          type: "button", class: "priority" + (state.priority === c ? " current" : ""),
          "data-priority": c, "aria-pressed": String(state.priority === c), text: label,
        }));
      });
      box.appendChild(row);
    });
  }

  function takeTicket() {
    if (state.busy || !state.item) return;
    var key = K.newKey();
    var body = { item_id: state.item.id, priority: state.priority, kiosk_id: K.printKiosk };
    var attempt = function () {
      K.busy(true);
      K.request("POST", "/api/v1/centers/" + cfg.centerId + "/tickets", body, key).then(function (ticket) {
        K.busy(false);
        state.tickets = [ticket];
        state.failures = [];
        state.paper = null;
        K.show("ticket");
      }, function (err) { K.busy(false); K.fail(err, attempt); });
    };
    attempt();
  }

  // Reservation check-in: typed on the keypad, or scanned (a scanner types, then Enter).

  function onCodeKey(key) {
    var input = $("#reservation-code");
    input.value = key === "BACK" ? input.value.slice(0, -1) : (input.value + key).slice(0, 16);
    codeProblem(null);
  }

  /* A problem with the typed code is said beside it: the code stays, to be corrected on the
   * keypad (⌫) or typed again (重新输入). */
  function codeProblem(text) {
    $("#reservation-problem").textContent = text || "";
    $("#reservation-problem-box").hidden = !text;
  }

  function clearCode() {
    $("#reservation-code").value = "";
    codeProblem(null);
    $("#reservation-code").focus();
  }

  renderers.reservation = function () {
    var input = $("#reservation-code");
    setTimeout(function () { input.focus(); }, 0);
  };

  function checkIn(code) {
    code = (code || $("#reservation-code").value).replace(/\s+/g, "").toUpperCase();
    if (state.busy) return;
    if (code.length < 4) {
      codeProblem(t("reservation.short"));
      return;
    }
    var attempt = function () {
      K.busy(true);
      K.request("POST", "/api/v1/centers/" + cfg.centerId + "/check-ins",
              { code: code, kiosk_id: K.printKiosk }).then(function (ticket) {
        K.busy(false);
        state.tickets = [ticket];
        state.failures = [];
        state.paper = null;
        K.show("ticket");
      }, function (err) {
        K.busy(false);
        if (err.code === "not_found") codeProblem(t("error.unknown_code"));
        else K.fail(err, attempt, "reservation");
      });
    };
    attempt();
  }

  K.KEYBOARD_ROWS = KEYBOARD_ROWS;
  K.buildKeyboard = buildKeyboard;
  K.checkIn = checkIn;
  K.clearCode = clearCode;
  K.chooseItem = chooseItem;
  K.onCodeKey = onCodeKey;
  K.onSearchKey = onSearchKey;
  K.renderPriority = renderPriority;
  K.takeTicket = takeTicket;
})(window.Kiosk);
