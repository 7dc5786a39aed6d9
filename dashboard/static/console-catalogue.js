/* Console section "catalogue": the city's departments and items (admins change them; managers
 * read them): names, department, expected minutes, materials, related items, on-the-spot,
 * queue group (field and routing) and number prefix. */
(function (global) {
  "use strict";
  var C = global.Console;
  var h = global.Dom.el;
  var t = C.t;

  function materialsText(materials) {
    return (materials || []).map(function (m) { return m.en ? m.zh + " | " + m.en : m.zh; }).join("\n");
  }

  function materialsRead(form) {
    return form.elements.namedItem("materials").value.split("\n").map(function (line) {
      var parts = line.split("|");
      return { zh: parts[0].trim(), en: (parts[1] || "").trim() };
    }).filter(function (m) { return m.zh; });
  }

  function itemFields(item, departments, items) {
    item = item || {};
    return [
      { name: "name", label: t("cs_name_zh"), value: item.name },
      { name: "name_en", label: t("cs_name_en"), value: item.name_en },
      { name: "department_id", type: "select", numeric: true, label: t("cs_department"),
        value: item.department_id, options: departments.map(function (d) {
          return { value: d.id, label: C.name(d) };
        }) },
      { name: "expected_minutes", type: "number", label: t("cs_expected_minutes"),
        value: item.expected_minutes, min: 1, max: 480 },
      { name: "prefix", label: t("cs_prefix"), value: item.prefix, hint: t("cs_prefix_hint") },
      { name: "routing", type: "select", label: t("cs_routing"), value: item.routing || "comprehensive",
        options: ["comprehensive", "specialized"].map(function (r) { return { value: r, label: t("cs_routing_" + r) }; }) },
      { name: "field", label: t("cs_field"), value: item.field, hint: t("cs_field_hint") },
      { name: "on_the_spot", type: "check", label: t("cs_on_the_spot"), value: item.on_the_spot },
      { name: "materials", type: "custom", read: materialsRead,
        node: h("label", { class: "cs-field cs-wide", for: "f-materials-" + (item.id || "new") },
          h("span", { class: "cs-label", text: t("cs_materials") }),
          h("textarea", { id: "f-materials-" + (item.id || "new"), name: "materials", rows: 3,
                          placeholder: t("cs_materials_placeholder") }, materialsText(item.materials))) },
      { name: "related_item_ids", type: "checks", label: t("cs_related"), value: item.related_item_ids,
        options: items.filter(function (i) { return i.id !== item.id; }).map(function (i) {
          return { value: i.id, label: C.name(i) };
        }) },
      { name: "keywords", label: t("cs_keywords"), value: item.keywords },
    ];
  }

  function itemForm(ctx, item, departments, items) {
    return C.form({
      name: item ? "item-" + item.id : "item-new", submit: item ? t("cs_save") : t("cs_create"),
      title: item ? t("cs_item_edit", { name: C.name(item) }) : null,
      fields: itemFields(item, departments, items),
      onSubmit: function (v) {
        var call = item ? C.api("PATCH", "/items/" + item.id, v) : C.api("POST", "/items", v);
        return call.then(function (saved) {
          setTimeout(ctx.rerender, 600);
          return t(item ? "cs_saved" : "cs_created_item", { name: saved.name });
        });
      },
    });
  }

  C.section("catalogue", function (ctx, root) {
    return Promise.all([C.api("GET", "/departments"), C.api("GET", "/items")]).then(function (got) {
      var departments = got[0], items = got[1];
      var byDep = {};
      departments.forEach(function (d) { byDep[d.id] = d; });
      var editor = h("div", { class: "cs-editor", id: "item-editor" });
      var rowError = h("p", { class: "db-error", role: "alert" });
      var rows = items.map(function (i) {
        return [i.code, C.name(i), C.name(byDep[i.department_id]), String(i.expected_minutes),
                i.prefix || "A", i.on_the_spot ? t("cs_yes") : "",
                ctx.admin ? C.action(t("cs_edit"), rowError, function () {
                  global.Dom.fill(editor, itemForm(ctx, i, departments, items));
                  editor.scrollIntoView({ block: "start" });
                }) : ""];
      });
      global.Dom.append(root, [
        C.card(t("cs_departments"), [
          C.table([t("cs_code"), t("cs_name_zh"), t("cs_name_en")], departments.map(function (d) {
            return [d.code, d.name, d.name_en];
          })),
          ctx.admin ? C.form({
            name: "department-new", title: t("cs_department_new"), submit: t("cs_create"),
            fields: [{ name: "name", label: t("cs_name_zh") }, { name: "name_en", label: t("cs_name_en") }],
            onSubmit: function (v) {
              return C.api("POST", "/departments", v).then(function (d) {
                setTimeout(ctx.rerender, 600);
                return t("cs_created_department", { name: d.name });
              });
            },
          }) : null,
        ], ctx.admin ? null : t("cs_admins_only")),
        C.card(t("cs_items"), [
          C.table([t("cs_code"), t("cs_name"), t("cs_department"), t("cs_expected_minutes"),
                   t("cs_prefix"), t("cs_on_the_spot"), ""], rows), rowError, editor,
          ctx.admin ? h("div", { class: "cs-new" }, h("h3", { text: t("cs_item_new") }),
            departments.length ? itemForm(ctx, null, departments, items)
              : h("p", { class: "db-empty", text: t("cs_department_first") })) : null,
        ]),
      ]);
    });
  });
})(window);
