/* The window desk (2 of 7): sign in, choose a window, close it and sign out. */
(function (C) {
  "use strict";
  var S = C.S, $ = C.$, Api = C.Api;

  function signedOut(message) {
    if (Api.token()) Api.post("/auth/logout").catch(function () {});
    Api.setToken(null);
    Store.session.set(C.WINDOW_KEY, null);
    C.disconnect();
    S.me = null;
    S.window = null;
    C.show("signin");
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
          : C.explain(err);
      });
  });

  function afterSignIn(me) {
    S.me = me;
    return Api.get("/centers").then(function (centers) {
      var mine = me.role === "admin" && !me.center_ids.length ? centers
        : centers.filter(function (c) { return me.center_ids.indexOf(c.id) >= 0; });
      S.centers = mine;
      var keep = +Store.session.get(C.CENTER_KEY);
      S.centerId = mine.some(function (c) { return c.id === keep; }) ? keep
        : (mine[0] && mine[0].id) || null;
      return loadWindows();
    }).then(function () {
      var keep = +Store.session.get(C.WINDOW_KEY);
      var held = S.windows.filter(function (w) {
        return w.id === keep && w.staff_user_id === S.me.id && w.state !== "closed";
      })[0];
      if (held) C.enterDesk(held);
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
    C.disconnect();
    C.show("pick");
    $("pick-who").textContent = S.me ? (S.me.display_name || S.me.username) : "";
    $("pick-error").textContent = message || "";
    renderPick();
  }

  function renderPick() {
    var tabs = $("centers");
    tabs.textContent = "";
    tabs.hidden = S.centers.length < 2;
    S.centers.forEach(function (c) {
      var b = Dom.el("button", { class: "secondary", text: I18n.name(c) });
      b.type = "button";
      b.setAttribute("role", "tab");
      b.setAttribute("aria-selected", c.id === S.centerId ? "true" : "false");
      b.addEventListener("click", function () {
        S.centerId = c.id;
        Store.session.set(C.CENTER_KEY, c.id);
        loadWindows().then(renderPick, C.failed);
      });
      tabs.appendChild(b);
    });
    var list = $("window-list");
    list.textContent = "";
    S.windows.forEach(function (w) {
      var mine = w.staff_user_id === S.me.id;
      var taken = w.staff_user_id && !mine;
      var b = Dom.el("button", { class: "ct-window-tile ct-" + w.state + (mine ? " ct-mine" : "")
        + (taken ? " ct-taken" : "") });
      b.type = "button";
      b.dataset.windowNumber = w.number;
      b.disabled = !!taken;
      b.appendChild(Dom.el("span", { class: "ct-tile-number",
                                     text: I18n.t("window_n", { n: w.number }) }));
      b.appendChild(Dom.el("span", { class: "ct-tile-group", text: I18n.name(w, "group") || w.kind }));
      b.appendChild(Dom.el("span", { class: "ct-tile-state", text: mine ? I18n.t("yours")
        : taken ? I18n.t("taken")
        : w.state === "closed" ? I18n.t("free_closed") : I18n.t("free_open") }));
      b.addEventListener("click", function () { takeWindow(w); });
      list.appendChild(b);
    });
  }

  function takeWindow(w) {
    $("pick-error").textContent = "";
    Api.post("/windows/" + w.id + "/open").then(function (data) {
      if (data.window.staff_user_id === S.me.id) { C.enterDesk(data.window); return; }
      /* A manager opens a free window for someone else without holding it. */
      $("pick-error").textContent = I18n.t("opened_not_held", { n: w.number });
      loadWindows().then(renderPick);
    }, function (err) {
      if (err.status === 401) { signedOut(I18n.t("err_signed_out")); return; }
      $("pick-error").textContent = C.explain(err);
      loadWindows().then(renderPick);
    });
  }

  $("signout-pick").addEventListener("click", function () { signedOut(); });
  /* ---- close the window, language ---- */

  $("close-window").addEventListener("click", function () {
    var w = S.window;
    if (!w) { signedOut(); return; }
    /* Our own "closed" event must not read as losing the window. */
    C.disconnect();
    S.window = null;
    Api.post("/windows/" + w.id + "/close").then(function () { signedOut(); }, function (err) {
      S.window = w;
      C.connect();
      C.failed(err);
    });
  });

  C.afterSignIn = afterSignIn;
  C.loadWindows = loadWindows;
  C.renderPick = renderPick;
  C.showPick = showPick;
  C.signedOut = signedOut;
})(window.Counter);
