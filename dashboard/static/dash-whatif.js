/* The "what if" page: the default simulated day with other arrivals or windows.
 * Self-contained: QmsApi for the REST API, I18n for the two languages; the token is the
 * dashboard's (sessionStorage), so a manager signed in there is signed in here. */
(function (global) {
  "use strict";
  var TOKEN = "qms.dashboard.token";
  var CATALOG = {
    zh: {
      title: "假如…：模拟一天", back: "返回看板", signin_title: "管理人员登录", username: "用户名",
      password: "密码", signin: "登录", arrivals: "来访人数（默认的百分比）", seed: "随机种子",
      windows_open: "开放窗口数", reserved_open: "预留窗口按默认时段开放", reservation_first: "预约优先",
      run: "模拟这一天", running: "正在模拟，约需数秒至数十秒…", queue: "全天排队人数",
      by_class: "各类等候", by_item: "各事项等候", visits: "来访", mean: "平均等候",
      p90: "90%在此之内", within: "目标内叫号", promise: "预计等候兑现率", utilisation: "窗口利用率",
      minutes: "{n} 分钟", name: "类别", n: "人数", walk_in: "现场取号", reservation: "预约",
      priority: "优先", refused: "仅限中心管理人员。", signin_failed: "用户名或密码不正确。",
      network: "连不上服务器，请稍后再试。",
      intro: "用同一个模拟器（服务器自己的派号规则）重演默认的高峰日：改变来访人数或开放窗口，看一天的等候。",
    },
    en: {
      title: "What if: simulate a day", back: "Back to the dashboard", signin_title: "Managers sign in",
      username: "Username", password: "Password", signin: "Sign in",
      arrivals: "Visits (percent of the default)", seed: "Random seed", windows_open: "Open windows",
      reserved_open: "Reserved windows open at their default hours",
      reservation_first: "Reservations first", run: "Simulate the day",
      running: "Simulating; this takes seconds to a minute…", queue: "People waiting through the day",
      by_class: "Waits by class", by_item: "Waits by item", visits: "Visits", mean: "Mean wait",
      p90: "90% wait at most", within: "Called within the target", promise: "Promises kept",
      utilisation: "Window utilisation", minutes: "{n} min", name: "Name", n: "Tickets",
      walk_in: "Walk-in", reservation: "Reservation", priority: "Priority",
      refused: "For center managers only.", signin_failed: "Wrong username or password.",
      network: "The server cannot be reached; try again shortly.",
      intro: "Replay the default peak day with the same simulator (the server's own dispatch): change the visits or the open windows and see the day's waits.",
    },
  };
  var $ = function (id) { return document.getElementById(id); };
  var t = function (k, v) { return global.I18n.t(k, v); };
  var last = null;

  function token() { try { return global.sessionStorage.getItem(TOKEN); } catch (e) { return null; } }
  function keep(value) { try { global.sessionStorage.setItem(TOKEN, value); } catch (e) { /* private */ } }
  function api(method, path, body) { return global.QmsApi.request(method, path, { body: body, token: token() }); }
  function mins(n) { return n === null || n === undefined ? "-" : t("minutes", { n: n.toFixed(1) }); }
  function pct(n) { return n === null || n === undefined ? "-" : Math.round(n * 100) + "%"; }
  function cell(tag, text) { var el = document.createElement(tag); el.textContent = text; return el; }

  function showError(err) {
    $("error").textContent = err ? (err.network ? t("network") : err.message) : "";
  }

  function signedIn() {
    $("signin").hidden = true;
    $("main").hidden = false;
    return api("GET", "/simulation/whatif").then(function (d) {
      var box = $("groups");
      box.textContent = "";
      d.groups.forEach(function (g) {
        var label = document.createElement("label");
        label.appendChild(cell("span", g.group + " (" + g.windows + ")"));
        var input = document.createElement("input");
        input.type = "number"; input.min = "0"; input.max = String(g.windows);
        input.value = String(g.windows); input.dataset.group = g.group;
        label.appendChild(input);
        box.appendChild(label);
      });
    }).catch(function (err) {
      if (err.status === 401 || err.status === 403) { $("main").hidden = true; $("signin").hidden = false; }
      showError(err);
    });
  }

  function signIn(event) {
    event.preventDefault();
    showError(null);
    global.QmsApi.request("POST", "/auth/token", {
      body: { username: $("username").value.trim(), password: $("password").value },
    }).then(function (data) {
      if (["manager", "admin"].indexOf(data.user.role) < 0) throw new Error(t("refused"));
      keep(data.token);
      $("password").value = "";
      return signedIn();
    }).catch(function (err) {
      showError(err.status === 401 ? new Error(t("signin_failed")) : err);
    });
  }

  function table(el, rows, names) {
    el.textContent = "";
    var head = document.createElement("tr");
    [t("name"), t("n"), t("mean"), t("p90"), t("within")].forEach(function (h) { head.appendChild(cell("th", h)); });
    el.appendChild(head);
    Object.keys(rows).forEach(function (k) {
      var r = rows[k], tr = document.createElement("tr");
      [names ? t(k) : k, String(r.tickets), mins(r.mean_wait_minutes), mins(r.p90_wait_minutes),
        pct(r.within_target)].forEach(function (v) { tr.appendChild(cell("td", v)); });
      el.appendChild(tr);
    });
  }

  function chart(points) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    var top = Math.max.apply(null, points.map(function (p) { return p.waiting; }).concat([1]));
    var step = 700 / Math.max(1, points.length - 1);
    svg.setAttribute("viewBox", "0 0 760 260");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", t("queue") + ": max " + top);
    var line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points.map(function (p, i) {
      return (40 + i * step).toFixed(1) + "," + (220 - 190 * p.waiting / top).toFixed(1);
    }).join(" "));
    svg.appendChild(line);
    points.forEach(function (p, i) {
      if (i % 4) return;
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", (40 + i * step).toFixed(1)); label.setAttribute("y", "245");
      label.textContent = p.at;
      svg.appendChild(label);
    });
    var max = document.createElementNS(ns, "text");
    max.setAttribute("x", "0"); max.setAttribute("y", "20"); max.textContent = "max " + top;
    svg.appendChild(max);
    return svg;
  }

  function render(d) {
    last = d;
    $("result").hidden = false;
    var tiles = $("tiles");
    tiles.textContent = "";
    [[t("visits"), String(d.visits)], [t("mean"), mins(d.mean_wait_minutes)],
      [t("p90"), mins(d.p90_wait_minutes)],
      [t("within") + " (" + t("minutes", { n: d.target_wait_minutes }) + ")", pct(d.served_within_target)],
      [t("promise"), pct(d.estimate_within_20pct)], [t("utilisation"), pct(d.utilisation)]]
      .forEach(function (pair) {
        var tile = document.createElement("div");
        tile.className = "wf-tile";
        tile.appendChild(cell("span", pair[0]));
        tile.appendChild(cell("b", pair[1]));
        tiles.appendChild(tile);
      });
    $("queue").textContent = "";
    $("queue").appendChild(chart(d.queue_length));
    table($("classes"), d.by_class, true);
    table($("items"), d.by_item, false);
  }

  function run(event) {
    event.preventDefault();
    showError(null);
    var open = {};
    document.querySelectorAll("#groups input").forEach(function (input) {
      open[input.dataset.group] = parseInt(input.value, 10) || 0;
    });
    $("run").disabled = true;
    $("status").textContent = t("running");
    api("POST", "/simulation/whatif", {
      arrivals_percent: parseFloat($("arrivals").value), seed: parseInt($("seed").value, 10) || 0,
      open_per_group: open, reserved_open: $("reserved").checked, reservation_first: $("first").checked,
    }).then(render, showError).then(function () {
      $("run").disabled = false;
      $("status").textContent = "";
    });
  }

  global.I18n.init(CATALOG, document.body.dataset.lang);
  global.I18n.onChange(function () { if (last) render(last); });
  document.querySelectorAll("[data-lang]").forEach(function (b) {
    if (b.tagName === "BUTTON") b.addEventListener("click", function () { global.I18n.set(b.dataset.lang); });
  });
  $("signin").addEventListener("submit", signIn);
  $("whatif").addEventListener("submit", run);
  if (token()) signedIn(); else $("signin").hidden = false;
})(window);
