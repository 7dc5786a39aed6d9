/* What every dashboard page shares: signing in (managers only), the REST API with the tab's
 * token, the centers this manager may see, the center picker, the language and formatting.
 *
 * A page calls Dash.start({onReady(ctx), onCenter(center)}); ctx = {user, centers, center}.
 */
(function (global) {
  "use strict";
  var TOKEN = "qms.dashboard.token";
  var CENTER = "qms.dashboard.center";
  var MANAGERS = ["manager", "admin"];
  var state = { user: null, centers: [], center: null, page: null };

  var session = global.Store.session;
  var h = global.Dom.el;

  function t(key, vars) { return global.I18n.t(key, vars); }

  /* The text of a key built from data ("printer_" + state), or the data itself when unknown. */
  function tOr(key, fallback, vars) {
    var text = t(key, vars);
    return text === key ? fallback : text;
  }

  function $(id) { return document.getElementById(id); }

  function request(method, path, body) {
    return global.QmsApi.request(method, path, { body: body, token: session.get(TOKEN) })
      .catch(refused);
  }

  /* The API's refusal in this page's words (a lost network said so); a 401 signs out. */
  function refused(err) {
    throw failure(err.status, err.network ? t("network") : err.message, err.code, err.data);
  }

  function failure(status, message, code, data) {
    var err = new Error(message);
    err.status = status;
    err.code = code || "";
    err.data = data || {};
    if (status === 401 && state.user) signOut();
    return err;
  }

  /* A CSV download needs the bearer token, so it comes as a blob saved through a link. */
  function download(path, filename) {
    return global.QmsApi.download(path, { token: session.get(TOKEN) }).then(function (file) {
      var url = URL.createObjectURL(file.blob);
      var a = h("a", { href: url, download: file.filename || filename, hidden: true });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    }, refused);
  }

  function showError(message) {
    var el = $("page-error");
    if (!el) return;
    el.textContent = message || "";
    el.hidden = !message;
  }

  function roleName(role) { return t("role_" + role) || role; }

  function showSignIn(message) {
    document.body.dataset.signedIn = "false";
    $("signin").hidden = false;
    $("page").hidden = true;
    $("signout").hidden = true;
    $("who").textContent = "";
    $("signin-error").textContent = message || "";
    setTimeout(function () { $("username").focus(); }, 0);
  }

  function signOut() {
    var token = session.get(TOKEN);
    if (token) global.QmsApi.request("POST", "/auth/logout", { token: token }).catch(function () {});
    session.set(TOKEN, null);
    state.user = null;
    showSignIn("");
  }

  function showWho() {
    var user = state.user;
    if (!user) return;
    var who = user.display_name || user.username;
    var role = roleName(user.role);
    $("who").textContent = who === role ? who : who + " · " + role;
  }

  function managedCenters(user, centers) {
    if (user.role === "admin") return centers;
    return centers.filter(function (c) { return user.center_ids.indexOf(c.id) >= 0; });
  }

  function chooseCenter(centers) {
    var asked = Number(new URLSearchParams(global.location.search).get("center") ||
                       session.get(CENTER) || 0);
    return centers.filter(function (c) { return c.id === asked; })[0] || centers[0] || null;
  }

  function fillCenterPicker() {
    var select = $("center-select");
    if (!select) return;
    global.Dom.fill(select, state.centers.map(function (c) {
      return h("option", { value: c.id, selected: state.center && c.id === state.center.id },
               global.I18n.name(c));
    }));
  }

  function keepCenterInUrls() {
    var params = new URLSearchParams(global.location.search);
    if (state.center) params.set("center", state.center.id);
    params.delete("lang");
    global.history.replaceState(null, "", global.location.pathname + "?" + params.toString());
    document.querySelectorAll("[data-nav]").forEach(function (a) {
      var target = a.getAttribute("href").split("?")[0];
      a.href = target + (state.center ? "?center=" + state.center.id : "");
    });
  }

  function enter(user) {
    state.user = user;
    return request("GET", "/centers").then(function (centers) {
      state.centers = managedCenters(user, centers);
      var emptyCity = state.page.allowNoCenter && user.role === "admin";
      if (!state.centers.length && !emptyCity) { showSignIn(t("no_centers")); return; }
      state.center = chooseCenter(state.centers);
      session.set(CENTER, state.center ? state.center.id : null);
      document.body.dataset.signedIn = "true";
      $("signin").hidden = true;
      $("page").hidden = false;
      $("signout").hidden = false;
      showWho();
      fillCenterPicker();
      keepCenterInUrls();
      state.page.onReady({ user: user, centers: state.centers, center: state.center });
    }).catch(function (err) { showSignIn(err.message); });
  }

  /* Staff are not let in: the page's own refusal screen when it has one, else the sign-in's. */
  function refuse(role) {
    var message = t("refused", { role: roleName(role) });
    if (state.page.onRefused) {
      $("signin").hidden = true;
      state.page.onRefused(message);
    } else showSignIn(message);
  }

  function signIn(event) {
    event.preventDefault();
    var button = $("signin-button");
    button.disabled = true;
    $("signin-error").textContent = "";
    global.QmsApi.request("POST", "/auth/token", {
      body: { username: $("username").value.trim(), password: $("password").value },
    }).then(function (data) {
      if (MANAGERS.indexOf(data.user.role) < 0) return refuse(data.user.role);
      session.set(TOKEN, data.token);
      $("password").value = "";
      return enter(data.user);
    }, function (err) {
      throw new Error(err.network ? t("network") : err.status === 401 ? t("signin_failed") : err.message);
    })
      .catch(function (err) { showSignIn(err.message); })
      .then(function () { button.disabled = false; });
  }

  function minutes(n) {
    if (n === null || n === undefined) return t("none");
    return t("minutes", { n: Math.round(n) });
  }

  function clock(iso, timezone) {
    if (!iso) return "";
    return new Date(iso).toLocaleTimeString(global.I18n.lang() === "en" ? "en-GB" : "zh-CN", {
      hour: "2-digit", minute: "2-digit", hour12: false,
      timeZone: timezone || (state.center && state.center.timezone) || undefined,
    });
  }

  function percent(share) {
    if (share === null || share === undefined) return t("none");
    return Math.round(share * 1000) / 10 + "%";
  }

  function alertText(a) {
    return t("alert_" + a.kind, {
      item: global.I18n.name(a, "item"), minutes: minutes(a.minutes), target: a.target_minutes,
      waiting: a.waiting, window: a.window_number, number: a.number,
      expected: a.expected_minutes, device: a.device,
    });
  }

  /* Run `fn` at most every `ms`, the last call always honoured. */
  function debounce(fn, ms) {
    var timer = null;
    return function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  function start(page) {
    state.page = page;
    global.I18n.init(global.DASH_TEXT, document.body.dataset.lang);
    document.querySelectorAll("[data-lang]").forEach(function (b) {
      if (b.tagName !== "BUTTON") return;
      b.addEventListener("click", function () { global.I18n.set(b.dataset.lang); });
    });
    function pressed(lang) {
      document.querySelectorAll("button[data-lang]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
      });
      fillCenterPicker();
      showWho();
    }
    global.I18n.onChange(pressed);
    pressed(global.I18n.lang());
    if (global.Chart) {
      global.Chart.defaults.font.size = 15;
      global.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
      global.Chart.defaults.color = "#102a43";
    }
    $("signin-form").addEventListener("submit", signIn);
    $("signout").addEventListener("click", signOut);
    var select = $("center-select");
    if (select) {
      select.addEventListener("change", function () {
        var id = Number(select.value);
        state.center = state.centers.filter(function (c) { return c.id === id; })[0];
        session.set(CENTER, id);
        keepCenterInUrls();
        showError("");
        if (page.onCenter) page.onCenter(state.center);
      });
    }
    if (!session.get(TOKEN)) { showSignIn(""); return; }
    request("GET", "/auth/me").then(function (me) {
      if (MANAGERS.indexOf(me.role) < 0) { session.set(TOKEN, null); refuse(me.role); return; }
      return enter(me);
    }).catch(function () { session.set(TOKEN, null); showSignIn(""); });
  }

  global.Dash = {
    start: start, api: request, download: download, t: t, tOr: tOr, $: $,
    minutes: minutes, clock: clock, alertText: alertText, percent: percent, debounce: debounce, showError: showError,
    center: function () { return state.center; },
    centers: function () { return state.centers; },
    user: function () { return state.user; },
    token: function () { return session.get(TOKEN); },
  };
})(window);
