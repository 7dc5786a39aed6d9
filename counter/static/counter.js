/* The window staff client: sign in, take a window, serve the line.
 *
 * Screens: #signin -> #pick (a window you may work at) -> #desk. Every action is one tap
 * or one key (N R S C X T W P). The desk stays live through static/js/live.js: the
 * window's state and ticket come from the snapshot and the events; the line and the
 * day's counts are fetched again whenever the hall changes.
 */
(function () {
  "use strict";

  var Api = window.CounterApi;
  var WINDOW_KEY = "qms.counter.window";
  var CENTER_KEY = "qms.counter.center";
  var LINE_SHOWN = 30;

  I18n.init({
    zh: {
      title: "窗口工作台",
      offline: "与服务器的连接已断开，正在重新连接…",
      signin_title: "窗口工作台 · 登录",
      username: "用户名", password: "密码", signin: "登录",
      wrong_password: "用户名或密码不正确。",
      pick_title: "选择您的窗口",
      pick_hint: "点选一个窗口即开始工作；别人正在使用的窗口不能选。",
      signout: "退出登录",
      close_window: "关闭窗口并退出",
      window_n: "{n}号窗口",
      yours: "您的窗口", taken: "他人使用中", free_open: "开放 · 无人", free_closed: "未开放",
      open: "开放中", paused: "暂停中", closed: "已关闭",
      no_one: "窗口前暂无办事群众",
      empty_sub: "本窗口有 {n} 人等候。按 N 叫下一位。",
      empty_paused: "窗口暂停中。按 P 恢复办理。",
      called: "已呼叫 · 等候群众到窗", serving: "正在办理",
      called_at: "{t} 呼叫", recalled_n: "已重呼 {n} 次", transferred_from: "由 {n} 转来",
      materials: "材料清单", related: "可一并提示办理", none: "无",
      line: "本窗口等候", longest: "最长已等 {n} 分钟", waited: "{n} 分钟",
      nobody_waits: "目前没有人等候本窗口。",
      call_this: "叫此号",
      today: "我今天",
      t_called: "叫号", t_completed: "办结", t_no_show: "过号", t_transferred: "转办",
      t_average: "平均用时(分)", t_rating: "满意度",
      call_next: "叫号", recall: "重呼", start: "开始办理", complete: "办结",
      no_show: "过号", transfer: "转办", walk_up: "现场取号", pause: "暂停", resume: "恢复",
      cancel: "取消",
      source_reservation: "预约", source_transfer: "转办", source_follow_up: "补件复办",
      source_walk_in: "现场",
      prio_elderly: "老年人", prio_disabled: "残疾人", prio_pregnant: "孕妇", prio_veteran: "军人",
      complete_title: "办结 {n}：选择办理结果",
      outcome_on_the_spot: "当场办结", outcome_on_the_spot_sub: "材料齐全，当场办完",
      outcome_accepted: "已受理，结果后续告知", outcome_accepted_sub: "需要审核，结果稍后通知",
      outcome_express: "结果快递送达", outcome_express_sub: "证照通过快递寄给群众",
      outcome_supplement: "容缺受理", outcome_supplement_sub: "先受理，缺的材料限期补交",
      tracking_number: "快递单号", missing: "缺少的材料", missing_other: "其他缺少的材料",
      due: "补交期限", note: "备注（可不填）",
      need_tracking: "请填写快递单号。",
      need_missing: "请勾选或填写缺少的材料，并选择补交期限。",
      ok_complete: "确认办结",
      transfer_title: "转办 {n}", to_item: "转到事项", to_window: "转到窗口",
      reason: "原因", need_reason: "请说明原因。", choose_target: "请选择要转到的事项或窗口。",
      r_specialized: "需专窗办理", r_not_here: "非本窗口业务", r_other_item: "需办理其他事项",
      ok_transfer: "确认转办", no_open_windows: "没有其他开放的窗口。",
      pause_title: "暂停窗口：选择原因",
      p_break: "休息", p_training: "培训", p_other: "其他",
      ok_pause: "暂停",
      walk_up_title: "现场取号：为窗口前的群众取号并立即呼叫",
      item: "事项", priority: "优先类别", prio_normal: "普通",
      this_window_items: "本窗口事项", other_items: "其他事项",
      ok_walk_up: "取号并呼叫",
      call_title: "提前呼叫 {n}（不按顺序）",
      r_returning: "补交材料后返回", r_hardship: "特殊困难", r_manager: "负责人安排",
      ok_call: "呼叫",
      toast_called: "已呼叫 {n}", toast_nobody: "目前没有人等候本窗口。",
      toast_completed: "{n} 已办结", toast_no_show: "{n} 已过号",
      toast_transferred: "{n} 已转办，新号 {m}", toast_rated: "{n} 的评价：{s} 分",
      toast_paused: "窗口已暂停", toast_resumed: "窗口已恢复办理",
      err_network: "连接不上服务器，请稍后再试。",
      err_window_held: "这个窗口已有其他工作人员在使用。",
      err_signed_out: "登录已过期，请重新登录。",
      lost_window: "{n}号窗口已不由您使用（可能被负责人关闭）。",
      opened_not_held: "{n}号窗口已开放。负责人账号不占用窗口，办理业务请用窗口人员账号登录。",
    },
    en: {
      title: "Window desk",
      offline: "Lost the connection to the server. Reconnecting…",
      signin_title: "Window desk · sign in",
      username: "User name", password: "Password", signin: "Sign in",
      wrong_password: "Wrong user name or password.",
      pick_title: "Choose your window",
      pick_hint: "Tap a window to start working there. A window someone else holds cannot be chosen.",
      signout: "Sign out",
      close_window: "Close the window and sign out",
      window_n: "Window {n}",
      yours: "Yours", taken: "In use", free_open: "Open · free", free_closed: "Closed",
      open: "Open", paused: "Paused", closed: "Closed",
      no_one: "Nobody at the window",
      empty_sub: "{n} waiting for this window. Press N to call the next one.",
      empty_paused: "The window is paused. Press P to resume.",
      called: "Called · waiting for the resident", serving: "Serving",
      called_at: "called {t}", recalled_n: "recalled {n}×", transferred_from: "transferred from {n}",
      materials: "Materials checklist", related: "Worth suggesting too", none: "None",
      line: "Waiting for this window", longest: "Longest wait {n} min", waited: "{n} min",
      nobody_waits: "Nobody is waiting for this window.",
      call_this: "Call",
      today: "My day",
      t_called: "Called", t_completed: "Completed", t_no_show: "No-show", t_transferred: "Transferred",
      t_average: "Avg. minutes", t_rating: "Rating",
      call_next: "Call next", recall: "Recall", start: "Start", complete: "Complete",
      no_show: "No-show", transfer: "Transfer", walk_up: "Walk-up", pause: "Pause", resume: "Resume",
      cancel: "Cancel",
      source_reservation: "Booked", source_transfer: "Transfer", source_follow_up: "Follow-up",
      source_walk_in: "Walk-in",
      prio_elderly: "Elderly", prio_disabled: "Disabled", prio_pregnant: "Pregnant",
      prio_veteran: "Veteran",
      complete_title: "Complete {n}: how did it end?",
      outcome_on_the_spot: "Settled on the spot", outcome_on_the_spot_sub: "Everything done now",
      outcome_accepted: "Accepted, result later", outcome_accepted_sub: "Needs review; the resident hears later",
      outcome_express: "Result by express delivery", outcome_express_sub: "The certificate is mailed",
      outcome_supplement: "Accepted, materials to follow", outcome_supplement_sub: "Missing documents due by a date",
      tracking_number: "Tracking number", missing: "Missing materials", missing_other: "Other missing materials",
      due: "Due by", note: "Note (optional)",
      need_tracking: "Enter the tracking number.",
      need_missing: "Tick or write what is missing and choose the due date.",
      ok_complete: "Complete",
      transfer_title: "Transfer {n}", to_item: "To an item", to_window: "To a window",
      reason: "Reason", need_reason: "Say why.", choose_target: "Choose the item or window.",
      r_specialized: "Needs a specialized window", r_not_here: "Not this window's business",
      r_other_item: "Needs another item",
      ok_transfer: "Transfer", no_open_windows: "No other window is open.",
      pause_title: "Pause the window: why?",
      p_break: "Break", p_training: "Training", p_other: "Other",
      ok_pause: "Pause",
      walk_up_title: "Walk-up: a number for the resident at the window, called at once",
      item: "Item", priority: "Priority", prio_normal: "Normal",
      this_window_items: "This window's items", other_items: "Other items",
      ok_walk_up: "Make the number and call",
      call_title: "Call {n} out of turn",
      r_returning: "Back with missing documents", r_hardship: "Special hardship",
      r_manager: "Arranged by the manager",
      ok_call: "Call",
      toast_called: "Called {n}", toast_nobody: "Nobody is waiting for this window.",
      toast_completed: "{n} completed", toast_no_show: "{n} marked a no-show",
      toast_transferred: "{n} transferred, new number {m}", toast_rated: "{n} rated {s} of 5",
      toast_paused: "The window is paused", toast_resumed: "The window is open again",
      err_network: "Cannot reach the server; try again in a moment.",
      err_window_held: "Someone else holds this window.",
      err_signed_out: "You were signed out; please sign in again.",
      lost_window: "Window {n} is no longer yours (a manager may have closed it).",
      opened_not_held: "Window {n} is open. A manager's account does not hold a window; "
        + "sign in as window staff to serve residents.",
    },
  }, document.body.dataset.lang);

  var S = {
    me: null, centers: [], centerId: null, center: null, windows: [], window: null,
    items: {}, itemOrder: [], line: null, today: null, live: null, liveKey: null, busy: false,
    dialog: null, materialsFor: null,
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function store(key, value) {
    try {
      if (value === null || value === undefined) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, String(value));
    } catch (e) { /* private mode */ }
  }

  function stored(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }

  function hhmm(iso) {
    if (!iso) return "";
    var tz = (S.center && S.center.timezone) || "Asia/Shanghai";
    return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit",
      hour12: false, timeZone: tz }).format(new Date(iso));
  }

  /* ---- messages ---- */

  var toastTimer = null;
  function toast(text, kind) {
    var box = $("toast");
    box.textContent = text;
    box.className = "ct-toast" + (kind ? " ct-toast-" + kind : "");
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, kind === "error" ? 7000 : 3500);
  }

  function explain(err) {
    if (err.status === 0) return I18n.t("err_network");
    if (err.code === "window_held") return I18n.t("err_window_held");
    return err.message;
  }

  function failed(err) {
    if (err.status === 401) { signedOut(); return; }
    toast(explain(err), "error");
  }

  /* ---- screens ---- */

  function show(screen) {
    ["signin", "pick", "desk"].forEach(function (name) { $(name).hidden = name !== screen; });
    document.body.dataset.screen = screen;
  }

  function signedOut(message) {
    if (Api.token()) Api.post("/auth/logout").catch(function () {});
    Api.setToken(null);
    store(WINDOW_KEY, null);
    disconnect();
    S.me = null;
    S.window = null;
    show("signin");
    $("signin-error").textContent = message || "";
    $("username").focus();
  }

  /* ---- sign in ---- */

  $("signin-form").addEventListener("submit", function (e) {
    e.preventDefault();
    $("signin-error").textContent = "";
    Api.post("/auth/token", { username: $("username").value.trim(),
                              password: $("password").value })
      .then(function (data) {
        Api.setToken(data.token);
        $("password").value = "";
        return afterSignIn(data.user);
      })
      .catch(function (err) {
        $("signin-error").textContent = err.status === 401 ? I18n.t("wrong_password")
          : explain(err);
      });
  });

  function afterSignIn(me) {
    S.me = me;
    return Api.get("/centers").then(function (centers) {
      var mine = me.role === "admin" && !me.center_ids.length ? centers
        : centers.filter(function (c) { return me.center_ids.indexOf(c.id) >= 0; });
      S.centers = mine;
      var keep = +stored(CENTER_KEY);
      S.centerId = mine.some(function (c) { return c.id === keep; }) ? keep
        : (mine[0] && mine[0].id) || null;
      return loadWindows();
    }).then(function () {
      var keep = +stored(WINDOW_KEY);
      var held = S.windows.filter(function (w) {
        return w.id === keep && w.staff_user_id === S.me.id && w.state !== "closed";
      })[0];
      if (held) enterDesk(held);
      else showPick();
    });
  }

  /* ---- pick a window ---- */

  function loadWindows() {
    if (!S.centerId) { S.windows = []; return Promise.resolve(); }
    return Api.get("/centers/" + S.centerId + "/windows").then(function (windows) {
      S.windows = windows;
      S.center = S.centers.filter(function (c) { return c.id === S.centerId; })[0] || null;
    });
  }

  function showPick(message) {
    disconnect();
    show("pick");
    $("pick-who").textContent = S.me ? (S.me.display_name || S.me.username) : "";
    $("pick-error").textContent = message || "";
    renderPick();
  }

  function renderPick() {
    var tabs = $("centers");
    tabs.textContent = "";
    tabs.hidden = S.centers.length < 2;
    S.centers.forEach(function (c) {
      var b = el("button", "secondary", I18n.name(c));
      b.type = "button";
      b.setAttribute("role", "tab");
      b.setAttribute("aria-selected", c.id === S.centerId ? "true" : "false");
      b.addEventListener("click", function () {
        S.centerId = c.id;
        store(CENTER_KEY, c.id);
        loadWindows().then(renderPick, failed);
      });
      tabs.appendChild(b);
    });
    var list = $("window-list");
    list.textContent = "";
    S.windows.forEach(function (w) {
      var mine = w.staff_user_id === S.me.id;
      var taken = w.staff_user_id && !mine;
      var b = el("button", "ct-window-tile ct-" + w.state + (mine ? " ct-mine" : "")
        + (taken ? " ct-taken" : ""));
      b.type = "button";
      b.dataset.windowNumber = w.number;
      b.disabled = !!taken;
      b.appendChild(el("span", "ct-tile-number", I18n.t("window_n", { n: w.number })));
      b.appendChild(el("span", "ct-tile-group", I18n.name(w, "group") || w.kind));
      b.appendChild(el("span", "ct-tile-state", mine ? I18n.t("yours") : taken ? I18n.t("taken")
        : w.state === "closed" ? I18n.t("free_closed") : I18n.t("free_open")));
      b.addEventListener("click", function () { takeWindow(w); });
      list.appendChild(b);
    });
  }

  function takeWindow(w) {
    $("pick-error").textContent = "";
    Api.post("/windows/" + w.id + "/open").then(function (data) {
      if (data.window.staff_user_id === S.me.id) { enterDesk(data.window); return; }
      /* A manager opens a free window for someone else without holding it. */
      $("pick-error").textContent = I18n.t("opened_not_held", { n: w.number });
      loadWindows().then(renderPick);
    }, function (err) {
      if (err.status === 401) { signedOut(I18n.t("err_signed_out")); return; }
      $("pick-error").textContent = explain(err);
      loadWindows().then(renderPick);
    });
  }

  $("signout-pick").addEventListener("click", function () { signedOut(); });

  /* ---- the desk ---- */

  function enterDesk(w) {
    S.window = w;
    store(WINDOW_KEY, w.id);
    store(CENTER_KEY, w.center_id);
    S.centerId = w.center_id;
    S.center = S.centers.filter(function (c) { return c.id === w.center_id; })[0] || S.center;
    show("desk");
    renderDesk();
    loadItems().then(renderDesk);
    refreshLine();
    refreshToday();
    connect();
  }

  function loadItems() {
    if (S.itemsCenter === S.centerId) return Promise.resolve();
    return Api.get("/centers/" + S.centerId + "/items").then(function (items) {
      S.items = {};
      S.itemOrder = items.map(function (i) { S.items[i.id] = i; return i.id; });
      S.itemsCenter = S.centerId;
    }, failed);
  }

  function current() {
    var t = S.window && S.window.current_ticket;
    return t && (t.state === "called" || t.state === "serving") ? t : null;
  }

  function renderDesk() {
    if (!S.window) return;
    var w = S.window;
    $("desk-title").textContent = I18n.t("window_n", { n: w.number }) + " · "
      + (I18n.name(w, "group") || w.kind);
    var badge = $("desk-state");
    badge.dataset.state = w.state;
    badge.textContent = I18n.t(w.state);
    $("desk-who").textContent = S.me ? (S.me.display_name || S.me.username) : "";
    renderCurrent();
    renderButtons();
    renderLine();
    renderToday();
  }

  function renderCurrent() {
    var t = current();
    $("current-empty").hidden = !!t;
    $("current-ticket").hidden = !t;
    document.body.dataset.current = t ? t.number : "";
    document.body.dataset.currentState = t ? t.state : "";
    if (!t) {
      var n = S.line ? S.line.count : 0;
      $("current-empty-sub").textContent = S.window.state === "paused" ? I18n.t("empty_paused")
        : I18n.t("empty_sub", { n: n });
      return;
    }
    $("ticket-number").textContent = t.number;
    var st = $("ticket-state");
    st.textContent = I18n.t(t.state);
    st.dataset.state = t.state;
    var badges = $("ticket-badges");
    badges.textContent = "";
    if (t.source && t.source !== "walk_in") {
      badges.appendChild(el("span", "ct-badge", I18n.t("source_" + t.source)));
    }
    if (t.priority && t.priority !== "normal") {
      badges.appendChild(el("span", "ct-badge ct-badge-prio", prioLabel(t.priority)));
    }
    $("ticket-item").textContent = I18n.name(t, "item_name");
    var times = [I18n.t("called_at", { t: hhmm(t.called_at) })];
    if (t.recall_count) times.push(I18n.t("recalled_n", { n: t.recall_count }));
    $("ticket-times").textContent = times.join(" · ");
    renderItemHelp(t);
  }

  function prioLabel(p) {
    var key = "prio_" + p;
    var text = I18n.t(key);
    return text === key ? p : text;
  }

  function materialText(m) {
    return I18n.lang() === "en" ? (m.en || m.zh) : (m.zh || m.en);
  }

  /* The item's materials (ticked off as they are checked) and the related items worth
   * suggesting: the "family planning pension" moment of the seed report. */
  function renderItemHelp(t) {
    var item = S.items[t.item_id];
    var list = $("materials");
    var keep = S.materialsFor === t.id ? Array.prototype.map.call(
      list.querySelectorAll("input"), function (i) { return i.checked; }) : [];
    S.materialsFor = t.id;
    list.textContent = "";
    var materials = (item && item.materials) || [];
    if (!materials.length) list.appendChild(el("li", "ct-none", I18n.t("none")));
    materials.forEach(function (m, i) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !!keep[i];
      label.appendChild(box);
      label.appendChild(el("span", null, materialText(m)));
      li.appendChild(label);
      list.appendChild(li);
    });
    var related = $("related");
    related.textContent = "";
    var ids = (item && item.related_item_ids) || [];
    if (!ids.length) related.appendChild(el("li", "ct-none", I18n.t("none")));
    ids.forEach(function (id) {
      var other = S.items[id];
      if (other) related.appendChild(el("li", "ct-related-item", I18n.name(other)));
    });
  }

  function renderButtons() {
    var w = S.window;
    var t = current();
    var open = w.state === "open";
    var rules = {
      "call-next": open && !t,
      "recall": !!t && t.state === "called",
      "start": !!t && t.state === "called",
      "complete": !!t,
      "no-show": !!t && t.state === "called",
      "transfer": !!t,
      "walk-up": open && !t,
      "pause": w.state !== "closed",
    };
    document.querySelectorAll("#actions button").forEach(function (b) {
      b.disabled = S.busy || !rules[b.dataset.action];
    });
    var pause = $("pause-label");
    pause.dataset.i18n = w.state === "paused" ? "resume" : "pause";
    pause.textContent = I18n.t(pause.dataset.i18n);
    document.querySelectorAll(".ct-line-call").forEach(function (b) {
      b.disabled = S.busy || !open || !!t;
    });
  }

  /* ---- the line and the day ---- */

  var lineTimer = null;
  function refreshLineSoon() {
    if (lineTimer) return;
    lineTimer = setTimeout(function () { lineTimer = null; refreshLine(); }, 400);
  }

  function refreshLine() {
    if (!S.window) return Promise.resolve();
    var id = S.window.id;
    return Api.get("/windows/" + id + "/waiting?limit=" + LINE_SHOWN).then(function (line) {
      if (!S.window || S.window.id !== id) return;
      S.line = line;
      renderLine();
      renderCurrent();
    }, function (err) { if (err.status === 401) signedOut(I18n.t("err_signed_out")); });
  }

  /* A called ticket leaves the line at once; the next fetch confirms the rest. */
  function leftLine(ticketId) {
    if (!S.line) return;
    var before = S.line.tickets.length;
    S.line.tickets = S.line.tickets.filter(function (t) { return t.id !== ticketId; });
    if (S.line.tickets.length < before) S.line.count = Math.max(0, S.line.count - 1);
  }

  function renderLine() {
    var line = S.line;
    $("line-count").textContent = line ? line.count : "–";
    $("line-longest").textContent = line && line.longest_wait_minutes !== null
      ? I18n.t("longest", { n: line.longest_wait_minutes }) : "";
    var list = $("line-list");
    list.textContent = "";
    if (line && !line.tickets.length) list.appendChild(el("li", "ct-none", I18n.t("nobody_waits")));
    (line ? line.tickets : []).forEach(function (t) {
      var li = el("li", "ct-line-row");
      li.dataset.number = t.number;
      li.appendChild(el("span", "ct-line-number", t.number));
      var what = el("span", "ct-line-item", I18n.name(t, "item_name"));
      if (t.source !== "walk_in") what.appendChild(el("span", "ct-badge", I18n.t("source_" + t.source)));
      if (t.priority !== "normal") what.appendChild(el("span", "ct-badge ct-badge-prio", prioLabel(t.priority)));
      li.appendChild(what);
      li.appendChild(el("span", "ct-line-wait", I18n.t("waited", { n: t.waited_minutes })));
      var call = el("button", "ct-line-call secondary", I18n.t("call_this"));
      call.type = "button";
      call.addEventListener("click", function () { callOutOfTurn(t); });
      li.appendChild(call);
      list.appendChild(li);
    });
    renderButtons();
  }

  function refreshToday() {
    if (!S.centerId) return;
    Api.get("/desk/today?center_id=" + S.centerId).then(function (today) {
      S.today = today;
      renderToday();
    }, function () { /* the figures wait for the next change */ });
  }

  function renderToday() {
    var box = $("today");
    box.textContent = "";
    var t = S.today;
    if (!t) return;
    [["t_called", t.called], ["t_completed", t.completed], ["t_no_show", t.no_show],
     ["t_transferred", t.transferred],
     ["t_average", t.average_minutes === null ? "–" : t.average_minutes],
     ["t_rating", t.average_rating === null ? "–" : t.average_rating + " (" + t.ratings + ")"]]
      .forEach(function (pair) {
        var cell = el("div", "ct-today-cell");
        cell.dataset.key = pair[0];
        cell.appendChild(el("dt", null, I18n.t(pair[0])));
        cell.appendChild(el("dd", null, String(pair[1])));
        box.appendChild(cell);
      });
  }

  /* ---- live ---- */

  function connect() {
    var key = S.window.center_id + ":" + S.window.id;
    if (S.live && S.liveKey === key) return;
    disconnect();
    S.liveKey = key;
    S.live = HallLive.connect({
      centerId: S.window.center_id, windowId: S.window.id,
      onSnapshot: onSnapshot, onEvent: onEvent,
    });
  }

  function disconnect() {
    if (S.live) S.live.socket.disconnect();
    S.live = null;
    S.liveKey = null;
  }

  function stillMine(w) {
    if (w.staff_user_id === S.me.id && w.state !== "closed") return true;
    store(WINDOW_KEY, null);
    S.window = null;
    disconnect();
    loadWindows().then(function () {
      if (S.me && document.body.dataset.screen === "desk") {
        showPick(I18n.t("lost_window", { n: w.number }));
      }
    });
    return false;
  }

  function onSnapshot(snap) {
    if (!S.window) return;
    var w = snap.windows.filter(function (x) { return x.id === S.window.id; })[0];
    if (!w || !stillMine(w)) return;
    S.window = w;
    renderDesk();
    refreshLine();
    refreshToday();
  }

  function onEvent(name, p) {
    if (!S.window) return;
    var id = S.window.id;
    if (name === "window.changed" && p.window.id === id) {
      var currentTicket = S.window.current_ticket;
      S.window = Object.assign({}, S.window, p.window, { current_ticket: currentTicket });
      if (!stillMine(S.window)) return;
      renderDesk();
    } else if (p.ticket && p.ticket.window_id === id && /^ticket\./.test(name)) {
      var done = /completed|no_show|transferred/.test(name);
      if (done) {
        if (S.window.current_ticket && S.window.current_ticket.id === p.ticket.id) {
          S.window.current_ticket = null;
        }
      } else {
        S.window.current_ticket = p.ticket;
      }
      renderCurrent();
      renderButtons();
      refreshToday();
    } else if (name === "rating.recorded" && p.window_id === id) {
      toast(I18n.t("toast_rated", { n: p.ticket.number, s: p.score }));
      refreshToday();
    }
    if (name === "ticket.called" && p.ticket) { leftLine(p.ticket.id); renderLine(); }
    if (/^ticket\./.test(name)) refreshLineSoon();
  }

  /* ---- actions ---- */

  function act(path, body) {
    S.busy = true;
    renderButtons();
    return Api.post("/windows/" + S.window.id + "/" + path, body).then(function (data) {
      if (data && data.window) S.window = data.window;
      if (data && data.state === "called") leftLine(data.id);
      return data;
    }).finally(function () {
      S.busy = false;
      renderDesk();
      refreshLineSoon();
      refreshToday();
    });
  }

  var actions = {
    "call-next": function () {
      window.__taps = window.__taps || [];
      window.__taps.push(Date.now());
      act("call-next").then(function (data) {
        toast(data ? I18n.t("toast_called", { n: data.number }) : I18n.t("toast_nobody"));
      }, failed);
    },
    "recall": function () {
      act("recall").then(function (d) { toast(I18n.t("toast_called", { n: d.number })); }, failed);
    },
    "start": function () { act("start").catch(failed); },
    "no-show": function () {
      act("no-show").then(function (d) { toast(I18n.t("toast_no_show", { n: d.number })); },
                         failed);
    },
    "complete": completeDialog,
    "transfer": transferDialog,
    "walk-up": walkUpDialog,
    "pause": function () {
      if (S.window.state === "paused") {
        act("resume").then(function () { toast(I18n.t("toast_resumed")); }, failed);
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
      if (e.key === "Escape") { e.preventDefault(); closeDialog(); }
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
      if (err.status === 401) { closeDialog(); signedOut(I18n.t("err_signed_out")); return; }
      $("dialog-error").textContent = explain(err);
    });
  });

  function field(labelKey, input) {
    var label = el("label", "ct-field");
    label.appendChild(el("span", null, I18n.t(labelKey)));
    label.appendChild(input);
    return label;
  }

  function input(name, type) {
    var i = el("input");
    i.name = name;
    i.type = type || "text";
    return i;
  }

  /* Big choice buttons (radio inputs); 1..n on the keyboard picks one. */
  function choices(name, options, checked) {
    var box = el("div", "ct-choices");
    box.setAttribute("role", "radiogroup");
    options.forEach(function (o, i) {
      var label = el("label", "ct-choice");
      label.dataset.value = o.value;
      var radio = input(name, "radio");
      radio.value = o.value;
      radio.checked = o.value === checked;
      label.appendChild(radio);
      label.appendChild(el("kbd", null, String(i + 1)));
      var text = el("span", "ct-choice-text");
      text.appendChild(el("strong", null, o.label));
      if (o.sub) text.appendChild(el("small", null, o.sub));
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
    var wrap = el("div", "ct-reason");
    var box = input("reason");
    box.maxLength = 200;
    box.required = true;
    var chips = el("div", "ct-chips");
    keys.forEach(function (k) {
      var chip = el("button", "secondary ct-chip", I18n.t(k));
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

  function completeDialog() {
    var t = current();
    var item = S.items[t.item_id] || { materials: [] };
    openDialog({
      title: I18n.t("complete_title", { n: t.number }),
      ok: I18n.t("ok_complete"),
      build: function (body) {
        body.appendChild(choices("kind", ["on_the_spot", "accepted", "express", "supplement"]
          .map(function (k) {
            return { value: k, label: I18n.t("outcome_" + k), sub: I18n.t("outcome_" + k + "_sub") };
          }), "on_the_spot"));
        var express = el("div", "ct-extra");
        express.dataset.for = "express";
        express.appendChild(field("tracking_number", input("tracking_number")));
        body.appendChild(express);
        var supplement = el("div", "ct-extra");
        supplement.dataset.for = "supplement";
        var missing = el("fieldset", "ct-missing");
        missing.appendChild(el("legend", null, I18n.t("missing")));
        item.materials.forEach(function (m) {
          var label = el("label");
          var box = input("missing", "checkbox");
          box.value = materialText(m);
          label.appendChild(box);
          label.appendChild(el("span", null, materialText(m)));
          missing.appendChild(label);
        });
        supplement.appendChild(missing);
        var row = el("div", "ct-field-row");
        row.appendChild(field("missing_other", input("missing_other")));
        var due = input("due", "date");
        due.value = addDays(7);
        row.appendChild(field("due", due));
        supplement.appendChild(row);
        body.appendChild(supplement);
        body.appendChild(field("note", input("note")));
        function toggle() {
          var kind = chosen("kind");
          body.querySelectorAll(".ct-extra").forEach(function (x) {
            x.hidden = x.dataset.for !== kind;
          });
        }
        body.addEventListener("change", toggle);
        toggle();
      },
      onKey: digitPicks("kind"),
      check: function () {
        var kind = chosen("kind");
        if (kind === "express" && !value("tracking_number")) return I18n.t("need_tracking");
        if (kind === "supplement" && (!missingList().length || !value("due"))) {
          return I18n.t("need_missing");
        }
        return "";
      },
      submit: function () {
        var kind = chosen("kind");
        var outcome = { kind: kind };
        if (kind === "express") outcome.tracking_number = value("tracking_number");
        if (kind === "supplement") { outcome.missing = missingList(); outcome.due = value("due"); }
        if (value("note")) outcome.note = value("note");
        return act("complete", { outcome: outcome }).then(function (d) {
          toast(I18n.t("toast_completed", { n: d.number }));
        });
      },
    });
  }

  function missingList() {
    var ticked = Array.prototype.map.call(
      document.querySelectorAll('#dialog-body input[name="missing"]:checked'),
      function (b) { return b.value; });
    var other = value("missing_other");
    return other ? ticked.concat([other]) : ticked;
  }

  function itemSelect(name, firstIds) {
    var select = el("select");
    select.name = name;
    var blank = el("option", null, "—");
    blank.value = "";
    select.appendChild(blank);
    var first = el("optgroup");
    first.label = I18n.t("this_window_items");
    var rest = el("optgroup");
    rest.label = I18n.t("other_items");
    S.itemOrder.forEach(function (id) {
      var o = el("option", null, I18n.name(S.items[id]));
      o.value = id;
      (firstIds.indexOf(id) >= 0 ? first : rest).appendChild(o);
    });
    if (first.children.length) select.appendChild(first);
    if (rest.children.length) select.appendChild(rest);
    return select;
  }

  function transferDialog() {
    var t = current();
    openDialog({
      title: I18n.t("transfer_title", { n: t.number }),
      ok: I18n.t("ok_transfer"),
      build: function (body) {
        body.appendChild(choices("target", [
          { value: "item", label: I18n.t("to_item") },
          { value: "window", label: I18n.t("to_window") }], "item"));
        var byItem = el("div", "ct-extra");
        byItem.dataset.for = "item";
        byItem.appendChild(field("item", itemSelect("item_id", [])));
        body.appendChild(byItem);
        var byWindow = el("div", "ct-extra");
        byWindow.dataset.for = "window";
        var select = el("select");
        select.name = "window_id";
        var blank = el("option", null, "—");
        blank.value = "";
        select.appendChild(blank);
        byWindow.appendChild(field("to_window", select));
        body.appendChild(byWindow);
        body.appendChild(reasonField(["r_specialized", "r_not_here", "r_other_item"]));
        function toggle() {
          var target = chosen("target");
          body.querySelectorAll(".ct-extra").forEach(function (x) {
            x.hidden = x.dataset.for !== target;
          });
        }
        body.addEventListener("change", toggle);
        toggle();
        /* Which windows are open now: asked fresh, the hall changes all the time. */
        Api.get("/centers/" + S.window.center_id + "/windows").then(function (windows) {
          S.windows = windows;
          windows.filter(function (w) { return w.id !== S.window.id && w.state === "open"; })
            .forEach(function (w) {
              var o = el("option", null, I18n.t("window_n", { n: w.number }) + " · "
                + (I18n.name(w, "group") || w.kind));
              o.value = w.id;
              select.appendChild(o);
            });
          if (select.options.length === 1) blank.textContent = I18n.t("no_open_windows");
        });
      },
      onKey: digitPicks("target"),
      check: function () {
        var target = chosen("target");
        if (!value(target === "item" ? "item_id" : "window_id")) return I18n.t("choose_target");
        if (!value("reason")) return I18n.t("need_reason");
        return "";
      },
      submit: function () {
        var target = chosen("target");
        var body = { reason: value("reason") };
        if (target === "item") body.item_id = +value("item_id");
        else body.window_id = +value("window_id");
        var number = t.number;
        return act("transfer", body).then(function (d) {
          toast(I18n.t("toast_transferred", { n: number, m: d.number }));
        });
      },
    });
  }

  function pauseDialog() {
    openDialog({
      title: I18n.t("pause_title"),
      ok: I18n.t("ok_pause"),
      build: function (body) {
        body.appendChild(choices("pause_reason", ["break", "training", "other"].map(function (r) {
          return { value: r, label: I18n.t("p_" + r) };
        }), "break"));
        body.appendChild(field("note", input("note")));
      },
      onKey: digitPicks("pause_reason"),
      submit: function () {
        return act("pause", { reason: chosen("pause_reason"), note: value("note") })
          .then(function () { toast(I18n.t("toast_paused")); });
      },
    });
  }

  function walkUpDialog() {
    openDialog({
      title: I18n.t("walk_up_title"),
      ok: I18n.t("ok_walk_up"),
      build: function (body) {
        var select = itemSelect("item_id", S.window.item_ids || []);
        select.setAttribute("autofocus", "");
        body.appendChild(field("item", select));
        var prio = el("select");
        prio.name = "priority";
        ["normal"].concat((S.center && S.center.priority_classes) || []).forEach(function (p) {
          var o = el("option", null, p === "normal" ? I18n.t("prio_normal") : prioLabel(p));
          o.value = p;
          prio.appendChild(o);
        });
        body.appendChild(field("priority", prio));
      },
      check: function () { return value("item_id") ? "" : I18n.t("choose_target"); },
      submit: function () {
        S.busy = true;
        return Api.post("/windows/" + S.window.id + "/walk-up",
                        { item_id: +value("item_id"), priority: value("priority") })
          .then(function (d) {
            S.window = d.window;
            leftLine(d.id);
            toast(I18n.t("toast_called", { n: d.number }));
          }).finally(function () {
            S.busy = false;
            renderDesk();
            refreshLineSoon();
            refreshToday();
          });
      },
    });
  }

  function callOutOfTurn(t) {
    if (S.busy || current() || S.window.state !== "open") return;
    openDialog({
      title: I18n.t("call_title", { n: t.number }),
      ok: I18n.t("ok_call"),
      build: function (body) {
        body.appendChild(reasonField(["r_returning", "r_hardship", "r_manager"]));
      },
      check: function () { return value("reason") ? "" : I18n.t("need_reason"); },
      submit: function () {
        return act("call", { ticket_id: t.id, reason: value("reason") }).then(function (d) {
          toast(I18n.t("toast_called", { n: d.number }));
        });
      },
    });
  }

  /* ---- close the window, language ---- */

  $("close-window").addEventListener("click", function () {
    var w = S.window;
    if (!w) { signedOut(); return; }
    /* Our own "closed" event must not read as losing the window. */
    disconnect();
    S.window = null;
    Api.post("/windows/" + w.id + "/close").then(function () { signedOut(); }, function (err) {
      S.window = w;
      connect();
      failed(err);
    });
  });

  document.querySelectorAll(".ct-langs button").forEach(function (b) {
    b.addEventListener("click", function () { I18n.set(b.dataset.lang); });
  });

  function renderLangs() {
    document.querySelectorAll(".ct-langs button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.lang === I18n.lang() ? "true" : "false");
    });
  }

  I18n.onChange(function () {
    $("toast").hidden = true;
    renderLangs();
    if (document.body.dataset.screen === "pick") renderPick();
    if (document.body.dataset.screen === "desk") renderDesk();
  });
  renderLangs();

  /* ---- start: a tab that still has its token goes straight back to work ---- */

  if (Api.token()) {
    Api.get("/auth/me").then(afterSignIn).catch(function (err) {
      if (err.status === 401) signedOut();
      else { show("signin"); $("signin-error").textContent = explain(err); }
    });
  } else {
    show("signin");
  }
  window.__counter = S;
})();
