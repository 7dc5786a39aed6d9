/* Console sections "people" (accounts: create, set centers and role, reset a password, switch
 * off or on) and "devices" (register one and show its token once, set a kiosk's printer,
 * revoke). */
(function (global) {
  "use strict";
  var C = global.Console;
  var h = global.Dom.el;
  var t = C.t;

  function roles(ctx) {
    return (ctx.admin ? ["staff", "manager", "admin"] : ["staff"]).map(function (r) {
      return { value: r, label: t("role_" + r) };
    });
  }

  function centerOptions(ctx) {
    return ctx.centers.map(function (c) { return { value: c.id, label: C.name(c) }; });
  }

  function centerNames(ctx, ids) {
    return ids.map(function (id) {
      var c = ctx.centers.filter(function (x) { return x.id === id; })[0];
      return c ? C.name(c) : "#" + id;
    }).join("、");
  }

  function accountForm(ctx, user) {
    var fields = [
      { name: "display_name", label: t("cs_display_name"), value: user.display_name },
      { name: "role", type: "select", label: t("cs_role"), value: user.role, options: roles(ctx) },
      { name: "center_ids", type: "checks", label: t("cs_centers"), value: user.center_ids,
        options: centerOptions(ctx) },
    ];
    return C.form({
      name: "user-" + user.id, title: t("cs_user_edit", { name: user.username }), fields: fields,
      onSubmit: function (v) {
        return C.api("PATCH", "/users/" + user.id, v).then(function () {
          setTimeout(ctx.rerender, 600);
          return t("cs_saved");
        });
      },
    });
  }

  function passwordForm(ctx, user) {
    return C.form({
      name: "password-" + user.id, title: t("cs_reset_password_for", { name: user.username }),
      hint: t("cs_reset_password_hint"), submit: t("cs_reset_password"),
      fields: [{ name: "password", type: "password", label: t("cs_new_password") }],
      onSubmit: function (v) {
        return C.api("PATCH", "/users/" + user.id, { password: v.password || "" })
          .then(function () { return t("cs_password_reset", { name: user.username }); });
      },
    });
  }

  C.section("people", function (ctx, root) {
    return C.api("GET", "/users").then(function (users) {
      var editor = h("div", { class: "cs-editor" });
      var rowError = h("p", { class: "db-error", role: "alert", "data-error": "users" });
      var rows = users.map(function (u) {
        return [u.username, u.display_name || "", t("role_" + u.role), centerNames(ctx, u.center_ids),
                u.active ? t("cs_active") : t("cs_inactive"),
                h("div", { class: "db-row", "data-user": u.username },
                  C.action(t("cs_edit"), rowError, function () {
                    global.Dom.fill(editor, accountForm(ctx, u));
                    editor.scrollIntoView({ block: "start" });
                  }),
                  C.action(t("cs_reset_password"), rowError, function () {
                    global.Dom.fill(editor, passwordForm(ctx, u));
                    editor.scrollIntoView({ block: "start" });
                  }),
                  C.action(u.active ? t("cs_deactivate") : t("cs_reactivate"), rowError, function () {
                    if (u.active && !global.confirm(t("cs_deactivate_confirm", { name: u.username }))) return null;
                    return C.api("PATCH", "/users/" + u.id, { active: !u.active }).then(ctx.rerender);
                  }, u.active))];
      });
      global.Dom.append(root, [
        C.card(t("cs_accounts"), [
          C.table([t("username"), t("cs_display_name"), t("cs_role"), t("cs_centers"), t("cs_state"), ""],
                  rows), rowError, editor], ctx.admin ? null : t("cs_manager_accounts")),
        C.card(t("cs_account_new"), C.form({
          name: "user-new", submit: t("cs_create"),
          fields: [
            { name: "username", label: t("username") },
            { name: "display_name", label: t("cs_display_name") },
            { name: "password", type: "password", label: t("password"), hint: t("cs_password_hint") },
            { name: "role", type: "select", label: t("cs_role"), value: "staff", options: roles(ctx) },
            { name: "center_ids", type: "checks", label: t("cs_centers"),
              value: ctx.center ? [ctx.center.id] : [], options: centerOptions(ctx) },
          ],
          onSubmit: function (v, form) {
            return C.api("POST", "/users", v).then(function (u) {
              form.reset();
              setTimeout(ctx.rerender, 600);
              return t("cs_created_user", { name: u.username });
            });
          },
        })),
      ]);
    });
  });

  function tokenBox(device, token) {
    var kiosk = device.kind === "kiosk"
      ? global.location.origin + "/kiosk/" + device.center_id + "?kiosk=" + device.id : null;
    return h("div", { class: "cs-token", role: "status", "data-token-for": device.name },
      h("h3", { text: t("cs_token_once", { name: device.name }) }),
      h("code", { class: "cs-token-value", text: token }),
      h("p", { class: "db-hint", text: t("cs_token_hint") }),
      kiosk ? h("p", null, t("cs_kiosk_url") + " ", h("code", { text: kiosk })) : null);
  }

  C.section("devices", function (ctx, root) {
    if (!ctx.center) {
      global.Dom.append(root, h("p", { class: "db-empty", text: t("cs_no_center") }));
      return null;
    }
    var id = ctx.center.id;
    var list = h("div", { class: "cs-list" });
    var shown = h("div");
    var editor = h("div", { class: "cs-editor" });
    var rowError = h("p", { class: "db-error", role: "alert", "data-error": "devices" });
    /* The list is drawn again alone after a registration, so the token stays in view. */
    function drawList() {
      return C.api("GET", "/centers/" + id + "/devices").then(function (devices) {
        global.Dom.fill(list, C.table([t("cs_name"), t("cs_device_kind"), t("cs_printer"), ""],
                                      devices.map(row), t("no_devices")));
      });
    }
    function row(d) {
      return [d.name, t("device_" + d.kind), d.kind === "kiosk" ? (d.printer || t("cs_print_agent")) : "",
              h("div", { class: "db-row" },
                d.kind === "kiosk" ? C.action(t("cs_set_printer"), rowError, function () {
                  global.Dom.fill(editor, C.form({
                    name: "printer-" + d.id, title: t("cs_printer_of", { name: d.name }),
                    fields: [{ name: "printer", label: t("cs_printer"), value: d.printer,
                               keepEmpty: true, placeholder: "network:10.0.8.31:9100",
                               hint: t("cs_printer_hint") }],
                    onSubmit: function (v) {
                      return C.api("PUT", "/devices/" + d.id + "/printer", v).then(function () {
                        drawList();
                        return t("cs_saved");
                      });
                    },
                  }));
                }) : null,
                C.action(t("cs_revoke"), rowError, function () {
                  if (!global.confirm(t("cs_revoke_confirm", { name: d.name }))) return null;
                  return C.api("DELETE", "/devices/" + d.id).then(drawList);
                }, true))];
    }
    return drawList().then(function () {
      global.Dom.append(root, [
        C.card(t("cs_devices_of", { name: C.name(ctx.center) }), [list, rowError, editor]),
        C.card(t("cs_device_new"), [C.form({
          name: "device-new", submit: t("cs_register"),
          fields: [
            { name: "kind", type: "select", label: t("cs_device_kind"), value: "kiosk",
              options: ["kiosk", "board", "pad", "counter"].map(function (k) {
                return { value: k, label: t("device_" + k) };
              }) },
            { name: "name", label: t("cs_name") },
          ],
          onSubmit: function (v, form) {
            return C.api("POST", "/devices", { center_id: id, kind: v.kind, name: v.name || "" })
              .then(function (d) {
                form.reset();
                global.Dom.fill(shown, tokenBox(d, d.token));
                drawList();
                return t("cs_registered", { name: d.name });
              });
          },
        }), shown]),
      ]);
    });
  });
})(window);
