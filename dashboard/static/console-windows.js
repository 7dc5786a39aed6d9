/* Console sections "windows" (number, kind, group, item set; retire one that holds nobody and
 * no ticket) and "booking" (the center's booking policy and its slot rules). */
(function (global) {
  "use strict";
  var C = global.Console;
  var h = global.Dom.el;
  var t = C.t;
  var KINDS = ["comprehensive", "specialized", "reserved"];
  var POLICY = [["horizon_days", 0, 366], ["phone_daily_cap", 0, 50], ["no_show_limit", 0, 50],
                ["no_show_window_days", 1, 366], ["block_days", 1, 366],
                ["reminder_minutes_before", 0, 1440]];

  function needCenter(ctx, root) {
    if (ctx.center) return false;
    global.Dom.append(root, h("p", { class: "db-empty", text: t("cs_no_center") }));
    return true;
  }

  function itemOptions(items) {
    return items.map(function (i) {
      return { value: i.id, label: C.name(i), note: i.on_the_spot ? t("cs_on_the_spot") : null };
    });
  }

  function windowForm(ctx, window, items) {
    var w = window || {};
    return C.form({
      name: window ? "window-" + w.id : "window-new",
      title: window ? t("cs_window_edit", { n: w.number }) : null,
      submit: window ? t("cs_save") : t("cs_create"),
      fields: [
        { name: "number", type: "number", label: t("cs_window_number"), value: w.number, min: 1, max: 999 },
        { name: "kind", type: "select", label: t("cs_window_kind"), value: w.kind || "comprehensive",
          options: KINDS.map(function (k) { return { value: k, label: t("kind_" + k) }; }) },
        { name: "group", label: t("cs_window_group"), value: w.group, keepEmpty: !!window },
        { name: "group_en", label: t("cs_window_group_en"), value: w.group_en, keepEmpty: !!window },
        { name: "item_ids", type: "checks", label: t("cs_window_items"), value: w.item_ids,
          options: itemOptions(items), empty: t("cs_offer_first") },
      ],
      onSubmit: function (v) {
        var call = window ? C.api("PATCH", "/windows/" + w.id, v)
          : C.api("POST", "/centers/" + ctx.center.id + "/windows", v);
        return call.then(function (saved) {
          setTimeout(ctx.rerender, 600);
          return t(window ? "cs_window_saved" : "cs_window_created", { n: saved.number });
        });
      },
    });
  }

  C.section("windows", function (ctx, root) {
    if (needCenter(ctx, root)) return null;
    var id = ctx.center.id;
    return Promise.all([C.api("GET", "/centers/" + id + "/windows"),
                        C.api("GET", "/centers/" + id + "/items")]).then(function (got) {
      var windows = got[0], items = got[1];
      var names = {};
      items.forEach(function (i) { names[i.id] = C.name(i); });
      var editor = h("div", { class: "cs-editor" });
      var rowError = h("p", { class: "db-error", role: "alert", "data-error": "windows" });
      var rows = windows.map(function (w) {
        return [t("window_n", { n: w.number }), t("kind_" + w.kind),
                (w.item_ids || []).map(function (i) { return names[i] || i; }).join("、"),
                t("state_" + w.state),
                h("div", { class: "db-row" },
                  C.action(t("cs_edit"), rowError, function () {
                    global.Dom.fill(editor, windowForm(ctx, w, items));
                    editor.scrollIntoView({ block: "start" });
                  }),
                  C.action(t("cs_retire"), rowError, function () {
                    if (!global.confirm(t("cs_retire_confirm", { n: w.number }))) return null;
                    return C.api("DELETE", "/windows/" + w.id).then(ctx.rerender);
                  }, true))];
      });
      global.Dom.append(root, [
        C.card(t("cs_windows_of", { name: C.name(ctx.center) }), [
          C.table([t("cs_window_number"), t("cs_window_kind"), t("cs_window_items"),
                   t("cs_state"), ""], rows, t("cs_no_windows")), rowError, editor]),
        C.card(t("cs_window_new"), windowForm(ctx, null, items), t("cs_window_new_hint")),
      ]);
    });
  });

  function rulesCard(ctx, rules, items) {
    var id = ctx.center.id;
    var error = h("p", { class: "db-error", role: "alert", "data-error": "slot-rules" });
    function save(next) {
      return C.api("PUT", "/centers/" + id + "/slot-rules", { rules: next.map(function (r) {
        return { name: r.name, name_en: r.name_en, field: r.field, item_ids: r.item_ids,
                 slot_minutes: r.slot_minutes, capacity: r.capacity };
      }) }).then(function () { setTimeout(ctx.rerender, 600); });
    }
    var rows = rules.map(function (r, n) {
      return [C.name(r), String(r.slot_minutes), String(r.capacity),
              r.item_ids.map(function (i) {
                var it = items.filter(function (x) { return x.id === i; })[0];
                return it ? C.name(it) : i;
              }).join("、"),
              C.action(t("cs_remove"), error, function () {
                return save(rules.filter(function (_, k) { return k !== n; }));
              }, true)];
    });
    return C.card(t("cs_slot_rules"), [
      C.table([t("cs_name"), t("cs_slot_minutes"), t("cs_capacity"), t("cs_items"), ""], rows,
              t("cs_no_rules")), error,
      C.form({
        name: "slot-rule-new", title: t("cs_slot_rule_new"), submit: t("cs_add"),
        fields: [
          { name: "name", label: t("cs_name_zh") }, { name: "name_en", label: t("cs_name_en") },
          { name: "slot_minutes", type: "select", numeric: true, label: t("cs_slot_minutes"), value: 30,
            options: [5, 10, 15, 20, 30, 45, 60, 90, 120].map(function (m) { return { value: m, label: t("minutes", { n: m }) }; }) },
          { name: "capacity", type: "number", label: t("cs_capacity"), min: 1, max: 500 },
          { name: "item_ids", type: "checks", label: t("cs_items"), options: itemOptions(items) },
        ],
        onSubmit: function (v) { return save(rules.concat([v])).then(function () { return t("cs_saved"); }); },
      }),
    ], t("cs_slot_rules_hint"));
  }

  C.section("booking", function (ctx, root) {
    if (needCenter(ctx, root)) return null;
    var id = ctx.center.id;
    return Promise.all([C.api("GET", "/centers/" + id + "/booking-policy"),
                        C.api("GET", "/centers/" + id + "/slot-rules"),
                        C.api("GET", "/centers/" + id + "/items")]).then(function (got) {
      var policy = got[0];
      var fields = POLICY.map(function (p) {
        return { name: p[0], type: "number", label: t("cs_" + p[0]), value: policy[p[0]], min: p[1], max: p[2] };
      });
      fields.splice(5, 0, { name: "reminder_evening", type: "time", label: t("cs_reminder_evening"),
                            value: policy.reminder_evening, keepEmpty: true });
      global.Dom.append(root, [
        C.card(t("cs_booking_policy"), C.form({
          name: "booking-policy", fields: fields,
          onSubmit: function (v) { return C.api("PUT", "/centers/" + id + "/booking-policy", v).then(function () { return t("cs_saved"); }); },
        }), t("cs_booking_hint")),
        rulesCard(ctx, got[1], got[2]),
      ]);
    });
  });
})(window);
