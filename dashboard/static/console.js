/* The console's page: signs the admin or manager in (staff see a refusal screen), then draws
 * the section its path names for the chosen center, again on a change of center or language. */
(function (global) {
  "use strict";
  var Dash = global.Dash;
  var h = global.Dom.el;
  var section = document.body.dataset.section;
  var ctx = null;

  function draw() {
    if (!ctx) return;
    var root = global.Dom.clear(Dash.$("console"));
    var user = Dash.user();
    ctx.user = user;
    ctx.admin = user.role === "admin";
    ctx.center = Dash.center();
    ctx.centers = Dash.centers();
    document.querySelectorAll("[data-tab]").forEach(function (a) {
      a.href = "/dashboard/admin/" + a.dataset.tab + (ctx.center ? "?center=" + ctx.center.id : "");
    });
    var render = global.Console.render(section);
    Promise.resolve().then(function () { return render(ctx, root); }).catch(function (err) {
      global.Dom.append(root, h("p", { class: "db-error db-page-error", role: "alert",
                                       text: global.Console.explain(err) }));
    });
  }

  Dash.start({
    allowNoCenter: true,
    onReady: function () { ctx = { rerender: draw }; draw(); },
    onCenter: draw,
    onRefused: function (message) {
      document.body.dataset.signedIn = "refused";
      Dash.$("page").hidden = true;
      Dash.$("refused").hidden = false;
      Dash.$("refused-text").textContent = message;
    },
  });
  global.I18n.onChange(draw);
  Dash.$("refused-signout").addEventListener("click", function () {
    Dash.$("refused").hidden = true;
    Dash.$("signin").hidden = false;
    document.body.dataset.signedIn = "false";
  });
})(window);
