/* The window desk (6 of 7): every action is one tap or one key (N R S C X T W P); pause,
 * walk-up and calling out of turn ask first in a dialog. */
(function (C) {
  "use strict";
  var S = C.S, $ = C.$, Api = C.Api;

  /* ---- actions ---- */

  function act(path, body) {
    S.busy = true;
    C.renderButtons();
    return Api.post("/windows/" + S.window.id + "/" + path, body).then(function (data) {
      if (data && data.window) S.window = data.window;
      if (data && data.state === "called") C.leftLine(data.id);
      return data;
    }).finally(function () {
      S.busy = false;
      C.renderDesk();
      C.refreshLineSoon();
      C.refreshToday();
    });
  }

  var actions = {
    "call-next": function () {
      window.__taps = window.__taps || [];
      window.__taps.push(Date.now());
      act("call-next").then(function (data) {
        C.toast(data ? I18n.t("toast_called", { n: data.number }) : I18n.t("toast_nobody"));
      }, C.failed);
    },
    "recall": function () {
      act("recall").then(function (d) { C.toast(I18n.t("toast_called", { n: d.number })); }, C.failed);
    },
    "start": function () { act("start").catch(C.failed); },
    "no-show": function () {
      act("no-show").then(function (d) { C.toast(I18n.t("toast_no_show", { n: d.number })); },
                         C.failed);
    },
    "complete": C.completeDialog,
    "transfer": C.transferDialog,
    "walk-up": walkUpDialog,
    "pause": function () {
      if (S.window.state === "paused") {
        act("resume").then(function () { C.toast(I18n.t("toast_resumed")); }, C.failed);
      } else {
        pauseDialog();
      }
    },
  };

  document.querySelectorAll("#actions button").forEach(function (b) {
    b.addEventListener("click", function () {
      if (!b.disabled && !S.dialog) actions[b.dataset.action]();
    });
  });

  var KEYS = { n: "call-next", r: "recall", s: "start", c: "complete", x: "no-show",
               t: "transfer", w: "walk-up", p: "pause" };

  document.addEventListener("keydown", function (e) {
    if (S.dialog) {
      if (e.key === "Escape") { e.preventDefault(); C.closeDialog(); }
      else if (e.key === "Enter" && e.target && e.target.tagName === "SELECT") {
        e.preventDefault();  /* a select swallows Enter; the staff member means "OK" */
        $("dialog").requestSubmit();
      } else if (S.dialog.onKey) S.dialog.onKey(e);
      return;
    }
    if (document.body.dataset.screen !== "desk" || e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    var action = KEYS[(e.key || "").toLowerCase()];
    if (!action) return;
    var button = document.querySelector('#actions button[data-action="' + action + '"]');
    if (button && !button.disabled) {
      e.preventDefault();
      button.click();
    }
  });

  function pauseDialog() {
    C.openDialog({
      title: I18n.t("pause_title"),
      ok: I18n.t("ok_pause"),
      build: function (body) {
        body.appendChild(C.choices("pause_reason", ["break", "training", "other"].map(function (r) {
          return { value: r, label: I18n.t("p_" + r) };
        }), "break"));
        body.appendChild(C.field("note", C.input("note")));
      },
      onKey: C.digitPicks("pause_reason"),
      submit: function () {
        return act("pause", { reason: C.chosen("pause_reason"), note: C.value("note") })
          .then(function () { C.toast(I18n.t("toast_paused")); });
      },
    });
  }

  function walkUpDialog() {
    C.openDialog({
      title: I18n.t("walk_up_title"),
      ok: I18n.t("ok_walk_up"),
      build: function (body) {
        var select = C.itemSelect("item_id", S.window.item_ids || []);
        select.setAttribute("autofocus", "");
        body.appendChild(C.field("item", select));
        var prio = Dom.el("select");
        prio.name = "priority";
        ["normal"].concat((S.center && S.center.priority_classes) || []).forEach(function (p) {
          var o = Dom.el("option", { text: p === "normal" ? I18n.t("prio_normal") : C.prioLabel(p) });
          o.value = p;
          prio.appendChild(o);
        });
        body.appendChild(C.field("priority", prio));
      },
      check: function () { return C.value("item_id") ? "" : I18n.t("choose_target"); },
      submit: function () {
        S.busy = true;
        return Api.post("/windows/" + S.window.id + "/walk-up",
                        { item_id: +C.value("item_id"), priority: C.value("priority") })
          .then(function (d) {
            S.window = d.window;
            C.leftLine(d.id);
            C.toast(I18n.t("toast_called", { n: d.number }));
          }).finally(function () {
            S.busy = false;
            C.renderDesk();
            C.refreshLineSoon();
            C.refreshToday();
          });
      },
    });
  }

  function callOutOfTurn(t) {
    if (S.busy || C.current() || S.window.state !== "open") return;
    C.openDialog({
      title: I18n.t("call_title", { n: t.number }),
      ok: I18n.t("ok_call"),
      build: function (body) {
        body.appendChild(C.reasonField(["r_returning", "r_hardship", "r_manager"]));
      },
      check: function () { return C.value("reason") ? "" : I18n.t("need_reason"); },
      submit: function () {
        return act("call", { ticket_id: t.id, reason: C.value("reason") }).then(function (d) {
          C.toast(I18n.t("toast_called", { n: d.number }));
        });
      },
    });
  }

  C.act = act;
  C.callOutOfTurn = callOutOfTurn;
})(window.Counter);
