/* Console sections "guides" (upload, replace, remove a guide file; a refusal names the bad
 * node) and "audit" (the trail filtered by center, actor and dates; CSV for Excel). */
(function (global) {
  "use strict";
  var C = global.Console;
  var h = global.Dom.el;
  var t = C.t;

  function upload(guideId, file) {
    return global.QmsApi.request("PUT", "/guides/" + encodeURIComponent(guideId), {
      raw: file, contentType: "application/x-yaml", token: global.Dash.token(),
    });
  }

  C.section("guides", function (ctx, root) {
    return C.api("GET", "/guides").then(function (guides) {
      var rowError = h("p", { class: "db-error", role: "alert", "data-error": "guides" });
      var rows = guides.map(function (g) {
        var title = g.title ? (global.I18n.lang() === "en" ? g.title.en || g.title.zh : g.title.zh) : g.id;
        return [g.id, title, String(g.scenarios),
                ctx.admin ? C.action(t("cs_remove"), rowError, function () {
                  if (!global.confirm(t("cs_remove_guide_confirm", { id: g.id }))) return null;
                  return C.api("DELETE", "/guides/" + encodeURIComponent(g.id)).then(ctx.rerender);
                }, true) : ""];
      });
      global.Dom.append(root, [
        C.card(t("cs_guides"), [C.table([t("cs_code"), t("cs_name"), t("cs_scenarios"), ""], rows),
                                rowError], ctx.admin ? null : t("cs_admins_only")),
        ctx.admin ? C.card(t("cs_guide_upload"), C.form({
          name: "guide-upload", submit: t("cs_upload"), hint: t("cs_guide_hint"),
          fields: [
            { name: "guide_id", label: t("cs_guide_id"), placeholder: "business-license" },
            { name: "file", type: "file", label: t("cs_guide_file"), accept: ".yaml,.yml" },
          ],
          onSubmit: function (v) {
            if (!v.guide_id || !v.file) throw new Error(t("cs_guide_missing"));
            return upload(v.guide_id, v.file).then(function (out) {
              setTimeout(ctx.rerender, 1200);
              return t("cs_guide_saved", { id: out.id, n: out.scenarios });
            });
          },
        })) : null,
      ]);
    });
  });

  function query(v, csv) {
    var params = new URLSearchParams();
    ["center_id", "actor", "from", "to"].forEach(function (k) {
      if (v[k] !== undefined && v[k] !== null && v[k] !== "") params.set(k, v[k]);
    });
    if (csv) params.set("format", "csv");
    return "/audit?" + params.toString();
  }

  function changes(row) {
    var after = row.after || {};
    var before = row.before || {};
    return Object.keys(after).map(function (k) {
      var was = before[k] === undefined ? "" : JSON.stringify(before[k]) + " → ";
      return k + ": " + was + JSON.stringify(after[k]);
    }).join("; ");
  }

  C.section("audit", function (ctx, root) {
    var results = h("div", { class: "cs-results", "aria-live": "polite" });
    var centerNames = {};
    ctx.centers.forEach(function (c) { centerNames[c.id] = C.name(c); });
    var choices = (ctx.admin ? [{ value: "", label: t("cs_all_centers") }] : []).concat(
      ctx.centers.map(function (c) { return { value: c.id, label: C.name(c) }; }));
    var fields = [
      { name: "center_id", type: "select", numeric: true, label: t("center"), options: choices,
        value: ctx.admin ? "" : ctx.center && ctx.center.id },
      { name: "actor", label: t("cs_actor") },
      { name: "from", type: "date", label: t("cs_from") },
      { name: "to", type: "date", label: t("cs_to") },
    ];
    function show(v) {
      return C.api("GET", query(v, false)).then(function (rows) {
        global.Dom.fill(results, C.table(
          [t("cs_when"), t("center"), t("cs_actor"), t("cs_action"), t("cs_what"), t("cs_changes")],
          rows.map(function (r) {
            return [new Date(r.at).toLocaleString(global.I18n.lang() === "en" ? "en-GB" : "zh-CN"),
                    r.center_id ? centerNames[r.center_id] || "#" + r.center_id : t("cs_city"),
                    r.actor + (r.role ? " (" + t("role_" + r.role) + ")" : ""),
                    h("code", { text: r.action }), r.summary, changes(r)];
          }), t("cs_no_rows")));
        return t("cs_rows", { n: rows.length });
      });
    }
    var form = C.form({
      name: "audit-filter", submit: t("cs_filter"), fields: fields, onSubmit: show,
      extra: h("button", { type: "button", class: "secondary", "data-submit": "audit-csv",
                           onclick: function () {
                             var v = C.values(form, fields);
                             global.Dash.download(query(v, true), "audit.csv").catch(function (err) {
                               form.querySelector("[data-error]").textContent = C.explain(err);
                             });
                           } }, t("cs_export_csv")),
    });
    global.Dom.append(root, C.card(t("cs_audit"), [form, results], t("cs_audit_hint")));
    if (ctx.center && !ctx.admin) return show({ center_id: ctx.center.id });
    return show({});
  });
})(window);
