/* The window desk (5 of 7): how a service ended (outcome) and where a ticket goes next
 * (transfer). */
(function (C) {
  "use strict";
  var S = C.S, Api = C.Api;

  function completeDialog() {
    var t = C.current();
    var item = S.items[t.item_id] || { materials: [] };
    C.openDialog({
      title: I18n.t("complete_title", { n: t.number }),
      ok: I18n.t("ok_complete"),
      build: function (body) {
        body.appendChild(C.choices("kind", ["on_the_spot", "accepted", "express", "supplement"]
          .map(function (k) {
            return { value: k, label: I18n.t("outcome_" + k), sub: I18n.t("outcome_" + k + "_sub") };
          }), "on_the_spot"));
        var express = Dom.el("div", { class: "ct-extra" });
        express.dataset.for = "express";
        express.appendChild(C.field("tracking_number", C.input("tracking_number")));
        body.appendChild(express);
        var supplement = Dom.el("div", { class: "ct-extra" });
        supplement.dataset.for = "supplement";
        var missing = Dom.el("fieldset", { class: "ct-missing" });
        missing.appendChild(Dom.el("legend", { text: I18n.t("missing") }));
        item.materials.forEach(function (m) {
          var label = Dom.el("label");
          var box = C.input("missing", "checkbox");
          box.value = C.materialText(m);
          label.appendChild(box);
          label.appendChild(Dom.el("span", { text: C.materialText(m) }));
          missing.appendChild(label);
        });
        supplement.appendChild(missing);
        var row = Dom.el("div", { class: "ct-field-row" });
        row.appendChild(C.field("missing_other", C.input("missing_other")));
        var due = C.input("due", "date");
        due.value = C.addDays(7);
        row.appendChild(C.field("due", due));
        supplement.appendChild(row);
        body.appendChild(supplement);
        body.appendChild(C.field("note", C.input("note")));
        function toggle() {
          var kind = C.chosen("kind");
          body.querySelectorAll(".ct-extra").forEach(function (x) {
            x.hidden = x.dataset.for !== kind;
          });
        }
        body.addEventListener("change", toggle);
        toggle();
      },
      onKey: C.digitPicks("kind"),
      check: function () {
        var kind = C.chosen("kind");
        if (kind === "express" && !C.value("tracking_number")) return I18n.t("need_tracking");
        if (kind === "supplement" && (!missingList().length || !C.value("due"))) {
          return I18n.t("need_missing");
        }
        return "";
      },
      submit: function () {
        var kind = C.chosen("kind");
        var outcome = { kind: kind };
        if (kind === "express") outcome.tracking_number = C.value("tracking_number");
        if (kind === "supplement") { outcome.missing = missingList(); outcome.due = C.value("due"); }
        if (C.value("note")) outcome.note = C.value("note");
        return C.act("complete", { outcome: outcome }).then(function (d) {
          C.toast(I18n.t("toast_completed", { n: d.number }));
        });
      },
    });
  }

  function missingList() {
    var ticked = Array.prototype.map.call(
      document.querySelectorAll('#dialog-body input[name="missing"]:checked'),
      function (b) { return b.value; });
    var other = C.value("missing_other");
    return other ? ticked.concat([other]) : ticked;
  }

  function itemSelect(name, firstIds) {
    var select = Dom.el("select");
    select.name = name;
    var blank = Dom.el("option", { text: "—" });
    blank.value = "";
    select.appendChild(blank);
    var first = Dom.el("optgroup");
    first.label = I18n.t("this_window_items");
    var rest = Dom.el("optgroup");
    rest.label = I18n.t("other_items");
    S.itemOrder.forEach(function (id) {
      var o = Dom.el("option", { text: I18n.name(S.items[id]) });
      o.value = id;
      (firstIds.indexOf(id) >= 0 ? first : rest).appendChild(o);
    });
    if (first.children.length) select.appendChild(first);
    if (rest.children.length) select.appendChild(rest);
    return select;
  }

  function transferDialog() {
    var t = C.current();
    C.openDialog({
      title: I18n.t("transfer_title", { n: t.number }),
      ok: I18n.t("ok_transfer"),
      build: function (body) {
        body.appendChild(C.choices("target", [
          { value: "item", label: I18n.t("to_item") },
          { value: "window", label: I18n.t("to_window") }], "item"));
        var byItem = Dom.el("div", { class: "ct-extra" });
        byItem.dataset.for = "item";
        byItem.appendChild(C.field("item", itemSelect("item_id", [])));
        body.appendChild(byItem);
        var byWindow = Dom.el("div", { class: "ct-extra" });
        byWindow.dataset.for = "window";
        var select = Dom.el("select");
        select.name = "window_id";
        var blank = Dom.el("option", { text: "—" });
        blank.value = "";
        select.appendChild(blank);
        byWindow.appendChild(C.field("to_window", select));
        body.appendChild(byWindow);
        body.appendChild(C.reasonField(["r_specialized", "r_not_here", "r_other_item"]));
        function toggle() {
          var target = C.chosen("target");
          body.querySelectorAll(".ct-extra").forEach(function (x) {
            x.hidden = x.dataset.for !== target;
          });
        }
        body.addEventListener("change", toggle);
        toggle();
        /* Which windows are open now: asked fresh, the hall changes all the time. */
        Api.get("/centers/" + S.window.center_id + "/windows").then(function (windows) {
          S.windows = windows;
          windows.filter(function (w) { return w.id !== S.window.id && w.state === "open"; })
            .forEach(function (w) {
              var o = Dom.el("option", { text: I18n.t("window_n", { n: w.number }) + " · "
                + (I18n.name(w, "group") || w.kind) });
              o.value = w.id;
              select.appendChild(o);
            });
          if (select.options.length === 1) blank.textContent = I18n.t("no_open_windows");
        });
      },
      onKey: C.digitPicks("target"),
      check: function () {
        var target = C.chosen("target");
        if (!C.value(target === "item" ? "item_id" : "window_id")) return I18n.t("choose_target");
        if (!C.value("reason")) return I18n.t("need_reason");
        return "";
      },
      submit: function () {
        var target = C.chosen("target");
        var body = { reason: C.value("reason") };
        if (target === "item") body.item_id = +C.value("item_id");
        else body.window_id = +C.value("window_id");
        var number = t.number;
        return C.act("transfer", body).then(function (d) {
          C.toast(I18n.t("toast_transferred", { n: number, m: d.number }));
        });
      },
    });
  }

  C.completeDialog = completeDialog;
  C.itemSelect = itemSelect;
  C.transferDialog = transferDialog;
})(window.Counter);
