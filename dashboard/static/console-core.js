/* The console's building blocks: labelled fields, forms that show the API's refusal in words
 * beside them, tables, and the registry of sections.
 *
 * Console.form({name, title, hint, fields, submit, danger, onSubmit(values) -> Promise of a
 *   success message (or nothing)}) -> a <form>. A field: {name, label, type, value, options,
 *   hint, min, max, placeholder}; type text (default), number, password, date, time, textarea,
 *   select (options [{value, label}]), check (a boolean), checks (options; an array of numbers),
 *   file, or custom ({node, read(form)}). Values left empty are left out, so a PATCH changes
 *   only what was typed.
 * Console.section(name, render(ctx, root)) registers a section; ctx = {user, admin, center,
 *   centers, rerender()}.
 */
(function (global) {
  "use strict";
  var h = global.Dom.el;
  var sections = {};

  function t(key, vars) { return global.Dash.t(key, vars); }

  function inputFor(spec, id) {
    var common = { id: id, name: spec.name, "aria-describedby": spec.hint ? id + "-hint" : null };
    if (spec.type === "select") {
      return h("select", common, (spec.options || []).map(function (o) {
        return h("option", { value: o.value, selected: String(o.value) === String(spec.value) },
                 o.label);
      }));
    }
    if (spec.type === "textarea") {
      return h("textarea", Object.assign(common, { rows: spec.rows || 3,
        placeholder: spec.placeholder || null }), spec.value === undefined ? "" : spec.value);
    }
    return h("input", Object.assign(common, {
      type: spec.type || "text", value: spec.value === undefined || spec.value === null ? null
        : spec.value, min: spec.min, max: spec.max, placeholder: spec.placeholder || null,
      autocomplete: spec.type === "password" ? "new-password" : "off",
      accept: spec.accept || null,
    }));
  }

  function checkBox(id, name, value, label, checked, note) {
    return h("label", { class: "db-check", for: id },
      h("input", { type: "checkbox", id: id, name: name, value: value, checked: !!checked }),
      h("span", { text: label }), note ? h("em", { text: note }) : null);
  }

  function field(form, spec) {
    var id = "f-" + form + "-" + spec.name;
    var hint = spec.hint ? h("span", { class: "db-hint cs-hint", id: id + "-hint", text: spec.hint })
      : null;
    if (spec.type === "custom") return h("div", { class: "cs-field cs-wide" }, spec.node, hint);
    if (spec.type === "check") {
      return h("div", { class: "cs-field" }, checkBox(id, spec.name, "1", spec.label, spec.value), hint);
    }
    if (spec.type === "checks") {
      var chosen = (spec.value || []).map(String);
      return h("fieldset", { class: "cs-field cs-wide cs-checks", "data-name": spec.name },
        h("legend", { text: spec.label }), hint,
        spec.options.length ? h("div", { class: "db-checks" }, spec.options.map(function (o, i) {
          return checkBox(id + "-" + i, spec.name, o.value, o.label,
                          chosen.indexOf(String(o.value)) >= 0, o.note);
        })) : h("p", { class: "db-empty", text: spec.empty || t("cs_none_yet") }));
    }
    return h("label", { class: "cs-field" + (spec.type === "textarea" ? " cs-wide" : ""), for: id },
      h("span", { class: "cs-label", text: spec.label }), inputFor(spec, id), hint);
  }

  function read(form, spec) {
    if (spec.type === "custom") return spec.read(form);
    if (spec.type === "checks") {
      var boxes = form.querySelectorAll('fieldset[data-name="' + spec.name + '"] input:checked');
      return Array.prototype.map.call(boxes, function (b) { return Number(b.value); });
    }
    var input = form.elements.namedItem(spec.name);
    if (spec.type === "check") return input.checked;
    if (spec.type === "file") return input.files[0];
    var raw = input.value;
    if (spec.type === "number") return raw === "" ? undefined : Number(raw);
    if (spec.type === "select" && spec.numeric) return raw === "" ? null : Number(raw);
    if (spec.type === "password" || spec.keepEmpty) return raw || (spec.keepEmpty ? "" : undefined);
    raw = raw.trim();
    return raw === "" ? undefined : raw;
  }

  function values(form, specs) {
    var out = {};
    specs.forEach(function (spec) {
      var v = read(form, spec);
      if (v !== undefined) out[spec.name] = v;
    });
    return out;
  }

  /* The API's refusal for a person: its message, and each field it names. */
  function explain(err) {
    var detail = err.data && err.data.detail;
    var parts = [];
    if (detail && typeof detail === "object") {
      Object.keys(detail).forEach(function (where) {
        var fields = detail[where];
        if (!fields || typeof fields !== "object") return;
        Object.keys(fields).forEach(function (name) {
          var said = fields[name];
          parts.push(name + ": " + (Array.isArray(said) ? said.join(" ") : JSON.stringify(said)));
        });
      });
    }
    var head = err.status === 403 ? t("cs_forbidden") + " " : err.status === 409 ? t("cs_conflict") + " " : "";
    return head + err.message + (parts.length ? " (" + parts.join("; ") + ")" : "");
  }

  function form(spec) {
    var error = h("p", { class: "db-error cs-error", role: "alert", "data-error": spec.name });
    var ok = h("p", { class: "cs-ok", role: "status" });
    var button = h("button", { type: "submit", class: spec.danger ? "db-danger" : null,
                               "data-submit": spec.name }, spec.submit || t("cs_save"));
    var node = h("form", { class: "cs-form", "data-form": spec.name, novalidate: true },
      spec.title ? h("h3", { text: spec.title }) : null,
      spec.hint ? h("p", { class: "db-hint", text: spec.hint }) : null,
      h("div", { class: "cs-grid" }, spec.fields.map(function (f) { return field(spec.name, f); })),
      h("div", { class: "db-row" }, button, spec.extra || null), error, ok);
    node.addEventListener("submit", function (event) {
      event.preventDefault();
      error.textContent = "";
      ok.textContent = "";
      button.disabled = true;
      var run;
      try { run = Promise.resolve(spec.onSubmit(values(node, spec.fields), node)); }
      catch (e) { run = Promise.reject(e); }
      run.then(function (message) {
        ok.textContent = message || t("cs_saved");
      }, function (err) {
        error.textContent = err.status !== undefined ? explain(err) : err.message;
      }).then(function () { button.disabled = false; });
    });
    return node;
  }

  /* A button that runs an API call, its refusal shown in `errorNode`. */
  function action(label, errorNode, run, danger) {
    var button = h("button", { type: "button", class: "secondary db-small" + (danger ? " cs-danger-text" : "") },
                   label);
    button.addEventListener("click", function () {
      button.disabled = true;
      errorNode.textContent = "";
      Promise.resolve().then(run).catch(function (err) {
        errorNode.textContent = err.status !== undefined ? explain(err) : err.message;
      }).then(function () { button.disabled = false; });
    });
    return button;
  }

  function table(head, rows, empty) {
    if (!rows.length) return h("p", { class: "db-empty", text: empty || t("cs_none_yet") });
    return h("div", { class: "cs-scroll" }, h("table", { class: "db-table cs-table" },
      h("thead", null, h("tr", null, head.map(function (x) { return h("th", { scope: "col", text: x }); }))),
      h("tbody", null, rows.map(function (cells) {
        return h("tr", null, cells.map(function (c) { return h("td", null, c); }));
      }))));
  }

  function card(title, children, hint) {
    return h("section", { class: "db-card cs-card" }, h("h2", { text: title }),
      hint ? h("p", { class: "db-hint", text: hint }) : null, children);
  }

  function api(method, path, body) { return global.Dash.api(method, path, body); }

  function named(obj) { return global.I18n.name(obj); }

  global.Console = {
    section: function (name, render) { sections[name] = render; },
    render: function (name) { return sections[name]; },
    form: form, action: action, table: table, card: card, field: field, values: values,
    api: api, t: t, name: named, explain: explain, checkBox: checkBox,
  };
})(window);
