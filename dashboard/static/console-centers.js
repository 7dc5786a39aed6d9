/* Console section "centers": a new center (admins), every setting of the chosen center
 * (names, address, time zone, hours per weekday, special days, targets, outside hours,
 * priority classes, notice), and which catalogue items it offers. */
(function (global) {
  "use strict";
  var C = global.Console;
  var h = global.Dom.el;
  var t = C.t;
  var WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  var NUMBERS = [["grace_minutes", 0, 240], ["max_wait_minutes", 1, 1440],
                 ["target_wait_minutes", 1, 1440], ["recall_limit", 0, 10],
                 ["slot_minutes", 5, 240], ["slot_capacity", 1, 1000]];

  function span(value) { return Array.isArray(value) && Array.isArray(value[0]) ? value[0] : value; }

  /* Opening hours: one row a weekday, opens and closes; a day left empty is closed. */
  function hoursField(prefix, hours) {
    var rows = WEEKDAYS.map(function (day) {
      var s = span((hours || {})[day]) || ["", ""];
      function time(which, i) {
        var id = prefix + "-" + day + "-" + which;
        return h("label", { class: "cs-time", for: id },
          h("span", { class: "db-sr", text: t("cs_day_" + day) + " " + t("cs_" + which) }),
          h("input", { type: "text", inputmode: "numeric", maxlength: 5, placeholder: "--:--",
                       id: id, "data-day": day, "data-which": which, value: s[i] || null }));
      }
      return h("tr", null, h("th", { scope: "row", text: t("cs_day_" + day) }),
               h("td", null, time("opens", 0)), h("td", null, time("closes", 1)));
    });
    var node = h("fieldset", { class: "cs-hours" }, h("legend", { text: t("cs_hours") }),
      h("p", { class: "db-hint", text: t("cs_hours_hint") }),
      h("table", { class: "cs-hours-table" },
        h("thead", null, h("tr", null, h("th", { scope: "col", text: t("cs_weekday") }),
          h("th", { scope: "col", text: t("cs_opens") }), h("th", { scope: "col", text: t("cs_closes") }))),
        h("tbody", null, rows)));
    return {
      name: "hours", type: "custom", node: node,
      read: function () {
        var out = {};
        WEEKDAYS.forEach(function (day) {
          var opens = node.querySelector('[data-day="' + day + '"][data-which="opens"]').value;
          var closes = node.querySelector('[data-day="' + day + '"][data-which="closes"]').value;
          out[day] = opens || closes ? [opens.trim(), closes.trim()] : null;
        });
        return out;
      },
    };
  }

  /* Special days as lines: "2026-10-01 closed" (a holiday) or "2026-10-10 09:00-17:00". */
  function specialText(days) {
    return Object.keys(days || {}).sort().map(function (day) {
      var s = span(days[day]);
      return day + " " + (s ? s[0] + "-" + s[1] : t("cs_closed_word"));
    }).join("\n");
  }

  function specialRead(form) {
    var out = {};
    form.elements.namedItem("special_days").value.split("\n").forEach(function (line, i) {
      line = line.trim();
      if (!line) return;
      var m = /^(\S+)\s+(.+)$/.exec(line);
      if (!m) throw new Error(t("cs_special_bad", { n: i + 1, line: line }));
      var times = /^(\d\d:\d\d)\s*[-–~]\s*(\d\d:\d\d)$/.exec(m[2].trim());
      out[m[1]] = times ? [times[1], times[2]] : null;
      if (!times && !/^(closed|休息|闭馆|关闭)$/i.test(m[2].trim())) {
        throw new Error(t("cs_special_bad", { n: i + 1, line: line }));
      }
    });
    return out;
  }

  function settingsFields(c) {
    var fields = [
      { name: "name", label: t("cs_name_zh"), value: c.name },
      { name: "name_en", label: t("cs_name_en"), value: c.name_en, keepEmpty: true },
      { name: "address", label: t("cs_address"), value: c.address, keepEmpty: true },
      { name: "timezone", label: t("cs_timezone"), value: c.timezone || "Asia/Shanghai" },
      hoursField("settings", c.hours),
      { name: "special_days", type: "custom", read: specialRead,
        node: h("label", { class: "cs-field cs-wide", for: "f-special" },
          h("span", { class: "cs-label", text: t("cs_special") }),
          h("textarea", { id: "f-special", name: "special_days", rows: 4,
                          placeholder: "2026-10-01 " + t("cs_closed_word") + "\n2026-10-10 09:00-17:00",
                          "aria-describedby": "f-special-hint" }, specialText(c.special_days)),
          h("span", { class: "db-hint cs-hint", id: "f-special-hint", text: t("cs_special_hint") })) },
      { name: "allow_outside_hours", type: "check", label: t("cs_outside_hours"), value: c.allow_outside_hours },
    ];
    NUMBERS.forEach(function (n) {
      fields.push({ name: n[0], type: "number", label: t("cs_" + n[0]), value: c[n[0]], min: n[1], max: n[2] });
    });
    return fields.concat([
      { name: "priority_classes", type: "custom", node: h("label", { class: "cs-field", for: "f-classes" },
          h("span", { class: "cs-label", text: t("cs_priority_classes") }),
          h("input", { id: "f-classes", name: "priority_classes", value: (c.priority_classes || []).join(", "),
                       "aria-describedby": "f-classes-hint" }),
          h("span", { class: "db-hint cs-hint", id: "f-classes-hint", text: t("cs_priority_hint") })),
        read: function (form) {
          return form.elements.namedItem("priority_classes").value.split(/[,，\s]+/)
            .filter(Boolean);
        } },
      { name: "reservation_prefix", label: t("cs_reservation_prefix"), value: c.reservation_prefix },
      { name: "notice", type: "textarea", label: t("cs_notice"), value: c.notice, keepEmpty: true },
    ]);
  }

  function newCenterForm() {
    var fields = [
      { name: "name", label: t("cs_name_zh") },
      { name: "name_en", label: t("cs_name_en") },
      { name: "address", label: t("cs_address") },
      { name: "timezone", label: t("cs_timezone"), value: "Asia/Shanghai" },
      hoursField("new", { mon: ["09:00", "17:00"], tue: ["09:00", "17:00"], wed: ["09:00", "17:00"],
                          thu: ["09:00", "17:00"], fri: ["09:00", "17:00"] }),
    ];
    return C.form({
      name: "center-new", hint: t("cs_center_new_hint"),
      fields: fields, submit: t("cs_create"),
      onSubmit: function (v) {
        return C.api("POST", "/centers", v).then(function (center) {
          global.location.assign("/dashboard/admin/centers?center=" + center.id);
          return t("cs_created_center", { name: center.name });
        });
      },
    });
  }

  function itemsForm(center, catalogue, served) {
    return C.form({
      name: "center-items", hint: t("cs_offers_hint"),
      fields: [{ name: "item_ids", type: "checks", label: t("cs_offers"), value: served,
                 empty: t("cs_no_items"),
                 options: catalogue.map(function (i) {
                   return { value: i.id, label: C.name(i) + " (" + (i.prefix || "A") + ")",
                            note: i.on_the_spot ? t("cs_on_the_spot") : null };
                 }) }],
      onSubmit: function (v) {
        return C.api("PUT", "/centers/" + center.id + "/items", { item_ids: v.item_ids })
          .then(function (out) { return t("cs_offers_saved", { n: out.item_ids.length }); });
      },
    });
  }

  C.section("centers", function (ctx, root) {
    var add = ctx.admin ? C.card(t("cs_center_new"), newCenterForm()) : null;
    if (!ctx.center) {
      global.Dom.append(root, [h("p", { class: "db-empty", text: t("cs_no_center") }), add]);
      return null;
    }
    var id = ctx.center.id;
    return Promise.all([C.api("GET", "/centers/" + id + "/settings"), C.api("GET", "/items"),
                        C.api("GET", "/centers/" + id + "/items")]).then(function (got) {
      var c = got[0];
      global.Dom.append(root, [
        C.card(t("cs_center_settings", { name: C.name(c) }), C.form({
          name: "center-settings", fields: settingsFields(c),
          onSubmit: function (v) { return C.api("PATCH", "/centers/" + id, v).then(function () { return t("cs_saved"); }); },
        })),
        C.card(t("cs_offers"), itemsForm(c, got[1], got[2].map(function (i) { return i.id; }))),
        add,
      ]);
    });
  });
})(window);
