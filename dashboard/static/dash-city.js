/* The city: every center this manager may see (an admin: all), side by side, with the same
 * live figures as the hall page. One /hall connection per center; a center's card follows its
 * hall's events (Dash.push), and is fetched on (re)connect and every half minute.
 */
(function (global) {
  "use strict";
  var D = global.Dash, Dom = global.Dom, h = Dom.el, t = D.t, $ = D.$;
  var figures = {};
  var charts = {};
  var order = [];

  function fetchCenter(id) {
    return D.api("GET", "/centers/" + id + "/live").then(function (data) {
      figures[id] = data;
      renderCard(id);
      stamp();
    }).catch(function (err) { D.showError(err.message); });
  }

  function stamp() {
    $("updated").textContent = t("updated", { time: D.clock(new Date().toISOString()) });
  }

  function figure(label, value, level) {
    return h("div", { class: "db-figure", dataset: { level: level || "" } },
      h("span", { class: "db-figure-label", text: label }),
      h("span", { class: "db-figure-value", text: value }));
  }

  function renderCard(id) {
    var live = figures[id];
    var card = document.querySelector('[data-center="' + id + '"]');
    if (!live || !card) return;
    var target = live.center.target_wait_minutes;
    var canvas = card.querySelector("canvas") || h("canvas", { "aria-label": t("served_per_hour") });
    Dom.fill(card, [
      h("header", { class: "db-city-head" },
        h("h3", { text: global.I18n.name(live.center) }),
        h("a", { class: "button secondary db-small", href: "/dashboard/?center=" + id,
                 text: t("open_center") })),
      h("div", { class: "db-figures" },
        figure(t("city_waiting"), String(live.waiting_total)),
        figure(t("city_longest"), D.minutes(live.longest_wait_minutes),
               live.longest_wait_minutes > target ? "bad" : ""),
        figure(t("city_mean_wait"), D.minutes(live.today.mean_wait_minutes),
               live.today.mean_wait_minutes > target ? "warn" : ""),
        figure(t("city_mean_handling"), D.minutes(live.today.mean_handling_minutes)),
        figure(t("city_served"), String(live.today.served)),
        figure(t("city_windows"), t("windows_value", { open: live.windows_open,
                                                       total: live.windows.length }) +
               (live.windows_paused ? " · " + t("paused_n", { n: live.windows_paused }) : ""))),
      h("div", { class: "db-city-alerts" },
        live.alerts.length
          ? live.alerts.slice(0, 4).map(function (a) {
            return h("p", { class: "db-alert", dataset: { severity: a.severity, kind: a.kind } },
                     D.alertText(a));
          }).concat(live.alerts.length > 4
            ? [h("p", { class: "db-hint", text: t("alerts_n", { n: live.alerts.length }) })] : [])
          : h("p", { class: "db-alert", dataset: { severity: "ok" }, text: t("no_alerts") })),
      h("table", { class: "db-table" },
        h("thead", {}, h("tr", {}, [t("col_group"), t("col_open"), t("col_waiting")].map(
          function (c) { return h("th", { text: c }); }))),
        h("tbody", {}, live.waiting_by_group.map(function (g) {
          return h("tr", {}, h("td", { text: global.I18n.name(g, "group") }),
                   h("td", { class: "db-num", text: g.open_windows + "/" + g.windows.length }),
                   h("td", { class: "db-num", text: String(g.waiting) }));
        }))),
      h("div", { class: "db-chart-box db-chart-small" }, canvas),
    ]);
    drawHourly(id, canvas, live.today.served_per_hour);
  }

  function drawHourly(id, canvas, counts) {
    var labels = [], values = [];
    for (var hour = 8; hour <= 18; hour++) {
      labels.push(t("hour_n", { n: hour }));
      values.push(counts[hour]);
    }
    if (charts[id] && charts[id].canvas === canvas) {
      charts[id].data.labels = labels;
      charts[id].data.datasets[0].data = values;
      charts[id].update();
      return;
    }
    if (charts[id]) charts[id].destroy();
    charts[id] = new global.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: t("served_per_hour"), data: values,
                                           backgroundColor: "#0b5cad" }] },
      options: { animation: false, maintainAspectRatio: false,
                 plugins: { legend: { display: false },
                            title: { display: true, text: t("served_per_hour") } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function start(centers) {
    order = centers.map(function (c) { return c.id; });
    Dom.fill($("city"), order.map(function (id) {
      return h("section", { class: "db-card db-city-card", dataset: { center: id } });
    }));
    D.api("GET", "/city/live").then(function (all) {
      all.forEach(function (live) { figures[live.center.id] = live; renderCard(live.center.id); });
      stamp();
    }).catch(function (err) { D.showError(err.message); });
    order.forEach(function (id) {
      var soon = D.debounce(function () { fetchCenter(id); }, 300);
      global.HallLive.connect({ centerId: id, onSnapshot: soon, onEvent: function (name, p) {
        if (figures[id] && D.push(figures[id], name, p)) renderCard(id);
        else soon();
      } });
    });
    global.setInterval(function () { order.forEach(fetchCenter); }, 30000);
    global.I18n.onChange(function () { order.forEach(renderCard); });
  }

  D.start({ onReady: function (ctx) { start(ctx.centers); } });
})(window);
