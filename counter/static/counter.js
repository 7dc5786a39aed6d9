/* The window staff client: sign in, take a window, serve the line.
 *
 * Screens: #signin -> #pick (a window you may work at) -> #desk. Every action is one tap
 * or one key (N R S C X T W P). The desk stays live through static/js/live.js: the
 * window's state and ticket come from the snapshot and the events; the line and the
 * day's counts are fetched again whenever the hall changes.
 *
 * Plain scripts in the order the page loads them, sharing window.Counter: counter-core,
 * -session, -desk, -dialog, -outcome, -actions, then this one, which wires the language
 * and starts (7 of 7). */
(function (C) {
  "use strict";
  var S = C.S, $ = C.$, Api = C.Api;

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
    if (document.body.dataset.screen === "pick") C.renderPick();
    if (document.body.dataset.screen === "desk") C.renderDesk();
  });
  renderLangs();

  /* ---- start: a tab that still has its token goes straight back to work ---- */

  if (Api.token()) {
    Api.get("/auth/me").then(C.afterSignIn).catch(function (err) {
      if (err.status === 401) C.signedOut();
      else { C.show("signin"); $("signin-error").textContent = C.explain(err); }
    });
  } else {
    C.show("signin");
  }
  window.__counter = S;
})(window.Counter);
