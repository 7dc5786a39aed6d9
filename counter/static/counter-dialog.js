/* The window desk (4 of 7): one dialog at a time, and the fields dialogs are made of. */
(function (C) {
  "use strict";
  var S = C.S, $ = C.$;

  /* ---- dialogs ---- */

  function openDialog(opts) {
    S.dialog = opts;
    $("toast").hidden = true;
    $("dialog-title").textContent = opts.title;
    $("dialog-ok").textContent = opts.ok;
    $("dialog-error").textContent = "";
    var body = $("dialog-body");
    body.textContent = "";
    opts.build(body);
    $("overlay").hidden = false;
    var first = body.querySelector("[autofocus]") || body.querySelector("input, select, button");
    if (first) first.focus();
  }

  function closeDialog() {
    S.dialog = null;
    $("overlay").hidden = true;
  }

  $("dialog-cancel").addEventListener("click", closeDialog);
  $("dialog-body").addEventListener("input", function () { $("dialog-error").textContent = ""; });
  $("dialog").addEventListener("submit", function (e) {
    e.preventDefault();
    if (!S.dialog || S.busy) return;
    var dialog = S.dialog;
    var problem = dialog.check ? dialog.check() : "";
    if (problem) { $("dialog-error").textContent = problem; return; }
    dialog.submit().then(function () { if (S.dialog === dialog) closeDialog(); }, function (err) {
      if (err.status === 401) { closeDialog(); C.signedOut(I18n.t("err_signed_out")); return; }
      $("dialog-error").textContent = C.explain(err);
    });
  });

  function field(labelKey, input) {
    var label = Dom.el("label", { class: "ct-field" });
    label.appendChild(Dom.el("span", { text: I18n.t(labelKey) }));
    label.appendChild(input);
    return label;
  }

  function input(name, type) {
    var i = Dom.el("input");
    i.name = name;
    i.type = type || "text";
    return i;
  }

  /* Big choice buttons (radio inputs); 1..n on the keyboard picks one. */
  function choices(name, options, checked) {
    var box = Dom.el("div", { class: "ct-choices" });
    box.setAttribute("role", "radiogroup");
    options.forEach(function (o, i) {
      var label = Dom.el("label", { class: "ct-choice" });
      label.dataset.value = o.value;
      var radio = input(name, "radio");
      radio.value = o.value;
      radio.checked = o.value === checked;
      label.appendChild(radio);
      label.appendChild(Dom.el("kbd", { text: String(i + 1) }));
      var text = Dom.el("span", { class: "ct-choice-text" });
      text.appendChild(Dom.el("strong", { text: o.label }));
      if (o.sub) text.appendChild(Dom.el("small", { text: o.sub }));
      label.appendChild(text);
      box.appendChild(label);
    });
    return box;
  }

  function chosen(name) {
    var r = document.querySelector('#dialog-body input[name="' + name + '"]:checked');
    return r ? r.value : null;
  }

  function digitPicks(name) {
    return function (e) {
      var tag = (e.target && e.target.tagName) || "";
      if (tag === "INPUT" && e.target.type !== "radio") return;
      var n = parseInt(e.key, 10);
      var radios = document.querySelectorAll('#dialog-body input[name="' + name + '"]');
      if (n >= 1 && n <= radios.length) {
        e.preventDefault();
        radios[n - 1].checked = true;
        radios[n - 1].focus();
        radios[n - 1].dispatchEvent(new Event("change", { bubbles: true }));
      }
    };
  }

  /* Reason chips fill the reason box; the staff member may write their own. */
  function reasonField(keys) {
    var wrap = Dom.el("div", { class: "ct-reason" });
    var box = input("reason");
    box.maxLength = 200;
    box.required = true;
    var chips = Dom.el("div", { class: "ct-chips" });
    keys.forEach(function (k) {
      var chip = Dom.el("button", { class: "secondary ct-chip", text: I18n.t(k) });
      chip.type = "button";
      chip.addEventListener("click", function () { box.value = I18n.t(k); box.focus(); });
      chips.appendChild(chip);
    });
    wrap.appendChild(field("reason", box));
    wrap.appendChild(chips);
    return wrap;
  }

  function value(name) {
    var i = document.querySelector('#dialog-body [name="' + name + '"]');
    return i ? i.value.trim() : "";
  }

  function addDays(days) {
    var d = new Date(Date.now() + days * 86400000);
    return d.toISOString().slice(0, 10);
  }

  C.addDays = addDays;
  C.choices = choices;
  C.chosen = chosen;
  C.closeDialog = closeDialog;
  C.digitPicks = digitPicks;
  C.field = field;
  C.input = input;
  C.openDialog = openDialog;
  C.reasonField = reasonField;
  C.value = value;
})(window.Counter);
