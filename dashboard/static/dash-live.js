/* The live hall of one center: the figures of GET /centers/{id}/live, fetched on every
 * (re)connect and every half minute (waits grow by themselves), kept current between by the
 * hall's events (Dash.push: no request per event);
 * and the manager's actions on windows, the notice and no-shows.
 */
(function (global) {
  "use strict";
  var D = global.Dash, Dom = global.Dom, h = Dom.el, t = D.t, $ = D.$;
  var center = null;
  var live = null;
  var connection = null;
  var catalogue = {};
  var hourly = null;
  var busy = false;
  var pending = false;
  var dialogWindow = null;

  function refresh() {
    if (!center) return;
    if (busy) { pending = true; return; }
    busy = true;
    var id = center.id;
    D.api("GET", "/centers/" + id + "/live").then(function (data) {
      if (!center || center.id !== id) return;
      live = data;
      render();
      D.showError("");
    }).catch(function (err) {
      D.showError(err.status === 403 ? t("forbidden") : err.message);
    }).then(function () {
      busy = false;
      if (pending) { pending = false; refresh(); }
    });
  }

  var soon = D.debounce(refresh, 250);

  function pushed(name, payload) {
    if (!live || busy) { soon(); return; }
    if (D.push(live, name, payload)) render();
    else soon();
  }

  function follow(next) {
    center = next;
    live = null;
    if (connection) connection.socket.disconnect();
    connection = global.HallLive.connect({ centerId: center.id, onSnapshot: soon,
                                           onEvent: pushed });
    loadCatalogue(center.id);
    refresh();
  }

  /* The items a center serves (for the window dialog), fetched once per center. */
  function loadCatalogue(id) {
    if (!catalogue[id]) {
      catalogue[id] = D.api("GET", "/centers/" + id + "/items").then(function (items) {
        catalogue[id].items = items;
        return items;
      }, function (err) { delete catalogue[id]; throw err; });
    }
    return catalogue[id];
  }

  function itemsOf(id) { return (catalogue[id] && catalogue[id].items) || []; }

  function name(obj, field) { return global.I18n.name(obj, field || "item"); }

  function tile(id, text, level) {
    var el = $(id);
    el.textContent = text;
    el.parentElement.dataset.level = level || "";
  }

  function render() {
    if (!live) return;
    var target = live.center.target_wait_minutes;
    $("center-name").textContent = global.I18n.name(live.center);
    $("updated").textContent = t("updated", { time: D.clock(live.at) });
    document.body.dataset.seq = live.seq;
    tile("tile-waiting", String(live.waiting_total));
    tile("tile-longest", D.minutes(live.longest_wait_minutes),
         live.longest_wait_minutes > target ? "bad" : "");
    tile("tile-mean-wait", D.minutes(live.today.mean_wait_minutes),
         live.today.mean_wait_minutes > target ? "warn" : "");
    tile("tile-mean-handling", D.minutes(live.today.mean_handling_minutes));
    tile("tile-served", String(live.today.served));
    tile("tile-issued", String(live.today.issued));
    tile("tile-windows", t("windows_value", { open: live.windows_open, total: live.windows.length }));
    $("tile-windows-note").textContent = live.windows_paused
      ? t("paused_n", { n: live.windows_paused }) : "";
    renderAlerts();
    renderWindows();
    renderGroups();
    renderItems();
    renderHourly();
    renderReservations();
    renderDevices();
    renderNoShows();
    renderActions();
    var notice = $("notice-text");
    if (document.activeElement !== notice) notice.value = live.center.notice || "";
    if (dialogWindow) {
      var fresh = live.windows.filter(function (w) { return w.id === dialogWindow.id; })[0];
      if (fresh) { dialogWindow = fresh; describeDialog(); }
    }
  }

  function renderAlerts() {
    var box = $("alerts");
    if (!live.alerts.length) {
      Dom.fill(box, h("p", { class: "db-alert", dataset: { severity: "ok" }, text: t("alerts_clear") }));
      return;
    }
    Dom.fill(box, live.alerts.map(function (a) {
      return h("p", { class: "db-alert", dataset: { severity: a.severity, kind: a.kind } },
               D.alertText(a));
    }));
  }

  function stateLine(w) {
    if (w.serving) {
      var s = w.serving;
      if (s.state === "called") return t("called_since", { minutes: D.minutes(s.minutes) });
      return t("serving_since", { minutes: D.minutes(s.minutes),
                                  expected: D.minutes(s.expected_minutes) });
    }
    if (w.state === "paused") {
      var reason = (w.state_reason || "").split(":")[0];
      return t("paused_for", { reason: D.tOr("reason_" + reason, w.state_reason),
                               minutes: D.minutes(w.state_minutes) });
    }
    if (w.state === "closed") return t("closed");
    return w.idle_minutes !== null && w.idle_minutes !== undefined
      ? t("idle_for", { minutes: D.minutes(w.idle_minutes) }) : t("idle");
  }

  function renderWindows() {
    Dom.fill($("windows"), live.windows.map(function (w) {
      var s = w.serving;
      return h("button", {
        type: "button", class: "db-window",
        title: global.I18n.name(w, "group") || t("kind_" + w.kind),
        dataset: { state: w.state, number: w.number, kind: w.kind, overrun: s && s.overrun ? "1" : "0" },
        onclick: function () { openDialog(w); },
      },
        h("span", { class: "db-w-head" },
          h("span", { class: "db-w-num", text: t("window_n", { n: w.number }) }),
          h("span", { class: "db-w-state", text: t("state_" + w.state) })),
        s ? h("span", { class: "db-w-serving" },
              h("strong", { class: "db-w-ticket", text: s.number }),
              " ", name(s, "item")) : null,
        h("span", { class: "db-w-line", text: stateLine(w) }),
        h("span", { class: "db-w-foot" },
          h("span", { text: w.staff_name || (w.state === "closed" ? "" : t("nobody_at")) }),
          h("span", { text: t("waiting_here", { n: w.waiting }) })));
    }));
  }

  function table(el, head, rows) {
    Dom.fill(el, [
      h("thead", {}, h("tr", {}, head.map(function (c) { return h("th", { text: c }); }))),
      h("tbody", {}, rows.map(function (r) {
        return h("tr", { dataset: r.data || {} }, r.cells.map(function (c, i) {
          return h("td", { class: i ? "db-num" : "", text: String(c) });
        }));
      })),
    ]);
  }

  function renderGroups() {
    table($("groups"), [t("col_group"), t("col_open"), t("col_waiting")],
      live.waiting_by_group.map(function (g) {
        return { data: { group: g.group },
                 cells: [global.I18n.name(g, "group"), g.open_windows + "/" + g.windows.length,
                         g.waiting] };
      }));
  }

  function renderItems() {
    var el = $("items");
    if (!live.waiting_by_item.length) {
      Dom.fill(el, h("tbody", {}, h("tr", {}, h("td", { class: "db-empty", text: t("nobody_waits") }))));
      return;
    }
    table(el, [t("col_item"), t("col_waiting"), t("col_longest")],
      live.waiting_by_item.map(function (r) {
        return { data: { item: r.item_id },
                 cells: [name(r, "item"), r.waiting, D.minutes(r.longest_wait_minutes)] };
      }));
  }

  function renderHourly() {
    var counts = live.today.served_per_hour;
    var first = 8, last = 18;
    counts.forEach(function (n, hour) {
      if (n) { first = Math.min(first, hour); last = Math.max(last, hour); }
    });
    var labels = [], values = [];
    for (var hour = first; hour <= last; hour++) {
      labels.push(t("hour_n", { n: hour }));
      values.push(counts[hour]);
    }
    if (!hourly) {
      hourly = new global.Chart($("chart-hourly"), {
        type: "bar",
        data: { labels: labels, datasets: [{ label: t("served_per_hour"), data: values,
                                             backgroundColor: "#0b5cad" }] },
        options: { animation: false, maintainAspectRatio: false,
                   plugins: { legend: { display: false } },
                   scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
      return;
    }
    hourly.data.labels = labels;
    hourly.data.datasets[0].data = values;
    hourly.data.datasets[0].label = t("served_per_hour");
    hourly.update();
  }

  function list(el, rows, empty) {
    Dom.fill(el, rows.length ? rows : h("li", { class: "db-empty", text: t(empty) }));
  }

  function renderReservations() {
    list($("reservations"), live.reservations_due.map(function (r) {
      return h("li", { text: t("booked_line", { time: r.local_time, item: name(r, "item"),
                                                booked: r.booked, checked_in: r.checked_in }) });
    }), "no_reservations");
  }

  function deviceLine(d) {
    var parts = [];
    if (d.status.printer) parts.push(D.tOr("printer_" + d.status.printer, d.status.printer));
    if (d.last_seen_minutes !== null && d.last_seen_minutes !== undefined) {
      parts.push(t("last_seen", { minutes: D.minutes(d.last_seen_minutes) }));
    }
    if (!parts.length) parts.push(t("device_unknown"));
    return parts.join(" · ");
  }

  function renderDevices() {
    list($("devices"), live.devices.map(function (d) {
      var worst = d.problems.some(function (p) { return p.severity === "bad"; }) ? "bad"
        : d.problems.length ? "warn" : "ok";
      return h("li", { class: "db-device", dataset: { level: worst, kind: d.kind } },
        h("strong", { text: D.tOr("device_" + d.kind, d.kind) + " · " + d.name }),
        h("span", { text: deviceLine(d) }));
    }), "no_devices");
  }

  function renderNoShows() {
    list($("no-shows"), live.no_shows_today.map(function (n) {
      return h("li", { class: "db-no-show", dataset: { number: n.number } },
        h("span", { text: t("no_show_line", { number: n.number, item: name(n, "item"),
                                              window: n.window_number, time: D.clock(n.at) }) }),
        h("button", { type: "button", class: "secondary db-small", text: t("requeue"),
                      onclick: function (e) { requeue(n, e.currentTarget); } }));
    }), "no_no_shows");
  }

  function actionText(a) {
    var by = a.by || t("someone");
    if (a.type === "window.changed" && a.change === "items") {
      return t("action_items", { by: by, window: a.window_number });
    }
    if (a.type === "window.changed") {
      return t("action_window", { by: by, window: a.window_number, state: t("state_" + a.state) });
    }
    if (a.type === "center.notice") {
      return a.notice ? t("action_notice", { by: by, notice: a.notice })
        : t("action_notice_cleared", { by: by });
    }
    return t("action_requeued", { by: by, number: a.number });
  }

  function renderActions() {
    list($("actions"), live.recent_actions.map(function (a) {
      return h("li", {}, h("span", { class: "db-time", text: D.clock(a.at) }), " ", actionText(a));
    }), "no_actions");
  }

  function requeue(n, button) {
    button.disabled = true;
    D.api("POST", "/tickets/" + n.id + "/requeue").then(function () {
      D.showError("");
      soon();
    }).catch(function (err) { D.showError(err.message); button.disabled = false; });
  }

  /* The window dialog: state actions and the items served. */

  function openDialog(w) {
    dialogWindow = w;
    $("wd-error").textContent = "";
    Dom.fill($("wd-items"), []);
    loadCatalogue(center.id).then(function (items) {
      if (!dialogWindow || dialogWindow.id !== w.id) return;
      Dom.fill($("wd-items"), items.map(function (item) {
        return h("label", { class: "db-check" },
          h("input", { type: "checkbox", value: item.id,
                       checked: w.item_ids.indexOf(item.id) >= 0 }),
          h("span", { text: global.I18n.name(item) }),
          item.on_the_spot ? h("em", { text: t("on_the_spot") }) : null);
      }));
    }).catch(function (err) { $("wd-error").textContent = err.message; });
    describeDialog();
    var dialog = $("window-dialog");
    if (!dialog.open) dialog.showModal();
  }

  function describeDialog() {
    var w = dialogWindow;
    $("wd-title").textContent = t("window_n", { n: w.number }) + " · " +
      (global.I18n.name(w, "group") || t("kind_" + w.kind));
    $("wd-state").textContent = t("wd_state", { state: stateLine(w),
                                                staff: w.staff_name || t("nobody_at") });
    $("wd-state").dataset.state = w.state;
    document.querySelectorAll("#window-dialog [data-act]").forEach(function (b) {
      var act = b.dataset.act;
      b.hidden = !((act === "open" && w.state === "closed") ||
                   (act === "resume" && w.state === "paused") ||
                   (act === "pause" && w.state === "open") ||
                   (act === "close" && w.state !== "closed"));
    });
  }

  function act(button) {
    var w = dialogWindow;
    var body = button.dataset.act === "pause" ? { reason: button.dataset.reason } : undefined;
    button.disabled = true;
    $("wd-error").textContent = "";
    D.api("POST", "/windows/" + w.id + "/" + button.dataset.act, body).then(function (view) {
      dialogWindow = Object.assign({}, w, view.window);
      describeDialog();
      soon();
    }).catch(function (err) { $("wd-error").textContent = err.message; })
      .then(function () { button.disabled = false; });
  }

  function preset(kind) {
    var items = itemsOf(center.id);
    var busiest = live.waiting_by_item.slice(0, 3).map(function (r) { return r.item_id; });
    document.querySelectorAll("#wd-items input").forEach(function (box) {
      var item = items.filter(function (i) { return i.id === Number(box.value); })[0];
      box.checked = kind === "all" || (kind === "on_the_spot" && item && item.on_the_spot) ||
        (kind === "busiest" && busiest.indexOf(item && item.id) >= 0);
    });
  }

  function saveItems() {
    var ids = [];
    document.querySelectorAll("#wd-items input:checked").forEach(function (box) {
      ids.push(Number(box.value));
    });
    $("wd-error").textContent = "";
    D.api("PUT", "/windows/" + dialogWindow.id + "/items", { item_ids: ids }).then(function (view) {
      dialogWindow = Object.assign({}, dialogWindow, view.window);
      $("wd-error").textContent = t("items_saved", { n: ids.length });
      soon();
    }).catch(function (err) { $("wd-error").textContent = err.message; });
  }

  function postNotice(text) {
    $("notice-error").textContent = "";
    D.api("PUT", "/centers/" + center.id + "/notice", { notice: text }).then(function () {
      $("notice-error").textContent = t(text ? "notice_posted" : "notice_cleared");
      $("notice-text").blur();
      soon();
    }).catch(function (err) { $("notice-error").textContent = err.message; });
  }

  function wire() {
    document.querySelectorAll("#window-dialog [data-act]").forEach(function (b) {
      b.addEventListener("click", function () { act(b); });
    });
    document.querySelectorAll("#window-dialog [data-preset]").forEach(function (b) {
      b.addEventListener("click", function () { preset(b.dataset.preset); });
    });
    $("wd-save-items").addEventListener("click", saveItems);
    $("wd-close").addEventListener("click", function () { $("window-dialog").close(); });
    $("window-dialog").addEventListener("close", function () { dialogWindow = null; });
    $("notice-form").addEventListener("submit", function (e) {
      e.preventDefault();
      postNotice($("notice-text").value.trim());
    });
    $("notice-clear").addEventListener("click", function () { postNotice(""); });
    global.I18n.onChange(function () { render(); });
    global.setInterval(refresh, 30000);
  }

  wire();
  D.start({ onReady: function (ctx) { follow(ctx.center); }, onCenter: follow });
})(window);
