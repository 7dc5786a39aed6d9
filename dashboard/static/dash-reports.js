/* Reports for a center and a range of its days: summary figures, then one chart per report
 * (Chart.js) drawn from exactly the JSON whose CSV the section's button downloads.
 * Each dataset carries `key`: the CSV column (or figure) it shows.
 */
(function (global) {
  "use strict";
  var D = global.Dash, Dom = global.Dom, h = Dom.el, t = D.t, $ = D.$;
  var SECTIONS = ["items", "sources", "waits", "handling", "windows", "staff", "arrivals"];
  var OUTCOMES = ["served", "no_show", "transferred", "cancelled"];
  var COLORS = { issued: "#9fb3c8", served: "#1f7a4d", no_show: "#b91c1c", transferred: "#b45309",
                 cancelled: "#627d98", tickets: "#0b5cad", satisfaction: "#f0b429" };
  var WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  var WEEK_COLORS = ["#0b5cad", "#1f7a4d", "#b45309", "#7c3aed", "#b91c1c", "#0e7490", "#627d98"];
  var center = null;
  var period = null;
  var results = {};
  var charts = {};
  var run = 0;

  function today(offsetDays) {
    var zone = center && center.timezone;
    var day = new Date(Date.now() - (offsetDays || 0) * 86400000);
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone || undefined, year: "numeric",
                                              month: "2-digit", day: "2-digit" }).format(day);
  }

  function setRange(kind) {
    $("to").value = today(0);
    if (kind === "today") $("from").value = today(0);
    else if (kind === "year") $("from").value = today(0).slice(0, 4) + "-01-01";
    else $("from").value = today(Number(kind) - 1);
  }

  function query(name, csv) {
    return "/centers/" + period.center + "/reports/" + name + "?from=" + period.from +
      "&to=" + period.to + (csv ? "&format=csv&lang=" + I18n.lang() : "");
  }

  function submit(event) {
    if (event) event.preventDefault();
    $("report-error").textContent = "";
    period = { center: center.id, from: $("from").value, to: $("to").value };
    if (!period.from || !period.to) { $("report-error").textContent = t("from") + "?"; return; }
    var params = new URLSearchParams(global.location.search);
    params.set("center", center.id);
    params.set("from", period.from);
    params.set("to", period.to);
    global.history.replaceState(null, "", global.location.pathname + "?" + params.toString());
    var mine = ++run;
    results = {};
    $("report").hidden = false;
    document.body.dataset.report = "loading";
    $("report-title").textContent = t("report_title", { center: global.I18n.name(center),
                                                        from: period.from, to: period.to });
    Dom.fill($("summary-tiles"), h("p", { class: "db-hint", text: t("loading") }));
    SECTIONS.forEach(function (name) { $("note-" + name).textContent = t("loading"); });
    var pending = ["summary"].concat(SECTIONS).map(function (name) {
      return D.api("GET", query(name)).then(function (data) {
        if (mine !== run) return;
        results[name] = data;
        draw(name);
      });
    });
    Promise.all(pending).then(function () {
      if (mine === run) document.body.dataset.report = "ready";
    }).catch(function (err) {
      if (mine !== run) return;
      document.body.dataset.report = "failed";
      $("report-error").textContent = err.status === 403 ? t("forbidden") : err.message;
      $("report").hidden = true;
    });
  }

  function draw(name) {
    if (!results[name]) return;
    if (name === "summary") { drawSummary(results.summary); return; }
    ({ items: drawOutcomes, sources: drawOutcomes, waits: drawDistribution,
       handling: drawDistribution, windows: drawThroughput, staff: drawThroughput,
       arrivals: drawArrivals })[name](name, results[name]);
  }

  function tileOf(label, value, note) {
    return h("div", { class: "db-tile" },
      h("span", { class: "db-tile-label", text: label }),
      h("span", { class: "db-tile-value", text: value }),
      note ? h("span", { class: "db-tile-note", text: note }) : null);
  }

  function drawSummary(s) {
    var min = function (v) { return v === null ? t("none") : t("minutes", { n: v }); };
    Dom.fill($("summary-tiles"), [
      tileOf(t("sum_issued"), String(s.issued)),
      tileOf(t("sum_served"), String(s.served)),
      tileOf(t("sum_no_show"), String(s.no_show)),
      tileOf(t("sum_median_wait"), min(s.median_wait_minutes)),
      tileOf(t("sum_p90_wait"), min(s.p90_wait_minutes)),
      tileOf(t("sum_within"), D.percent(s.served_within_target),
             t("sum_target", { n: s.target_wait_minutes })),
    ]);
    $("summary-tiles").dataset.issued = s.issued;
  }

  function chart(name, config) {
    if (charts[name]) charts[name].destroy();
    config.data.datasets.forEach(function (d) { d.maxBarThickness = 56; });
    config.options = Object.assign({ animation: false, maintainAspectRatio: false,
                                     responsive: true }, config.options || {});
    charts[name] = new global.Chart($("chart-" + name), config);
  }

  function outcomeLabel(name, row) {
    if (name === "sources") return D.tOr("src_" + row.source, row.source);
    return global.I18n.name(row, "item");
  }

  function drawOutcomes(name, report) {
    var rows = report.rows;
    $("note-" + name).textContent = "";
    var datasets = [{ key: "issued", label: t("o_issued"), stack: "issued",
                      data: rows.map(function (r) { return r.issued; }),
                      backgroundColor: COLORS.issued }];
    OUTCOMES.forEach(function (o) {
      datasets.push({ key: o, label: t("o_" + o), stack: "outcome", backgroundColor: COLORS[o],
                      data: rows.map(function (r) { return r[o]; }) });
    });
    chart(name, {
      type: "bar",
      data: { labels: rows.map(function (r) { return outcomeLabel(name, r); }), datasets: datasets },
      options: { indexAxis: name === "items" ? "y" : "x",
                 scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
                           y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function bucketLabel(b) {
    return b.to_minutes === null ? t("bucket_open", { from: b.from_minutes })
      : t("bucket", { from: b.from_minutes, to: b.to_minutes });
  }

  function drawDistribution(name, report) {
    var show = function (v) { return v === null ? t("none") : v; };
    $("note-" + name).textContent = name === "waits"
      ? t("dist_note_target", { median: show(report.median_minutes), p90: show(report.p90_minutes),
                                within: D.percent(report.within_target), n: report.tickets })
      : t("dist_note", { median: show(report.median_minutes), p90: show(report.p90_minutes),
                         mean: show(report.mean_minutes), n: report.tickets });
    chart(name, {
      type: "bar",
      data: { labels: report.buckets.map(bucketLabel),
              datasets: [{ key: "bucket", label: t("tickets"), backgroundColor: COLORS.tickets,
                           data: report.buckets.map(function (b) { return b.tickets; }) }] },
      options: { plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function drawThroughput(name, report) {
    var rows = report.rows;
    $("note-" + name).textContent = report.satisfaction_available ? "" : t("satisfaction_none");
    var labels = rows.map(function (r) {
      return name === "windows" ? t("window_n", { n: r.window_number }) : r.staff;
    });
    var datasets = [
      { key: "served", label: t("o_served"), backgroundColor: COLORS.served, yAxisID: "y",
        data: rows.map(function (r) { return r.served; }) },
      { key: "mean_handling_minutes", label: t("mean_handling"), backgroundColor: COLORS.tickets,
        yAxisID: "y2", data: rows.map(function (r) { return r.mean_handling_minutes; }) },
    ];
    if (report.satisfaction_available) {
      datasets.push({ key: "satisfaction", label: t("satisfaction"), type: "line", yAxisID: "y3",
                      borderColor: COLORS.satisfaction, backgroundColor: COLORS.satisfaction,
                      data: rows.map(function (r) { return r.satisfaction; }) });
    }
    chart(name, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: { scales: {
        y: { beginAtZero: true, position: "left", ticks: { precision: 0 },
             title: { display: true, text: t("o_served") } },
        y2: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
              title: { display: true, text: t("mean_handling") } },
        y3: { min: 1, max: 5, display: !!report.satisfaction_available, position: "right",
              grid: { drawOnChartArea: false } },
      } },
    });
  }

  function drawArrivals(name, report) {
    var rows = report.rows;
    var busy = rows.filter(function (r) { return r.total > 0; }).map(function (r) { return r.hour; });
    var first = Math.min.apply(null, busy.concat([8]));
    var last = Math.max.apply(null, busy.concat([18]));
    var shown = rows.filter(function (r) { return r.hour >= first && r.hour <= last; });
    $("note-" + name).textContent = "";
    chart(name, {
      type: "line",
      data: {
        labels: shown.map(function (r) { return t("hour_n", { n: r.hour }); }),
        hours: shown.map(function (r) { return r.hour; }),
        datasets: WEEK.map(function (day, i) {
          return { key: day, label: t(day), borderColor: WEEK_COLORS[i],
                   backgroundColor: WEEK_COLORS[i], tension: 0.25,
                   data: shown.map(function (r) { return r[day]; }) };
        }),
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function csv(button) {
    var name = button.dataset.csv;
    button.disabled = true;
    D.download(query(name, true), name + ".csv").catch(function (err) {
      $("report-error").textContent = err.message;
    }).then(function () { button.disabled = false; });
  }

  function ready(ctx) {
    center = ctx.center;
    var params = new URLSearchParams(global.location.search);
    if (params.get("from") && params.get("to")) {
      $("from").value = params.get("from");
      $("to").value = params.get("to");
    } else {
      setRange("7");
    }
    submit();
  }

  $("report-form").addEventListener("submit", submit);
  document.querySelectorAll("[data-range]").forEach(function (b) {
    b.addEventListener("click", function () { setRange(b.dataset.range); submit(); });
  });
  document.querySelectorAll("[data-csv]").forEach(function (b) {
    b.addEventListener("click", function () { if (period) csv(b); });
  });
  global.I18n.onChange(function () {
    if (!period) return;
    $("report-title").textContent = t("report_title", { center: global.I18n.name(center),
                                                        from: period.from, to: period.to });
    ["summary"].concat(SECTIONS).forEach(draw);
  });
  D.start({ onReady: ready, onCenter: function (next) { center = next; submit(); } });
})(window);
