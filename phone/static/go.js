/* /go/: where to go now. Pick an item (#item=ID in the address), then see every center
 * that offers it, the shortest promised wait first: open now, people waiting, windows
 * serving it. The page listens to each open center's hall (/hall) and asks again, at most
 * every few seconds, when a ticket or window changes there; HallLive reconnects by itself
 * and its snapshot on each reconnect asks again too. */
(function () {
  "use strict";
  var el = Dom.el;
  var items = [];
  var itemId = null;
  var centers = null;
  var live = {};
  var pending = null;
  var lastFetch = 0;
  var CALM_MS = 3000;
  var MAX_LIVE = 12;

  function $(id) { return document.getElementById(id); }

  function chosen() {
    var raw = new URLSearchParams(location.hash.slice(1)).get("item");
    return raw ? Number(raw) : null;
  }

  function showItems() {
    var q = $("go-search").value.trim().toLowerCase();
    var shown = items.filter(function (i) {
      return !q || [i.name, i.name_en, i.keywords].join(" ").toLowerCase().indexOf(q) >= 0;
    });
    Dom.fill($("go-items"), shown.map(function (i) {
      return el("a", { class: "row", href: "#item=" + i.id, "data-item": i.id }, [
        el("span", { class: "title", text: Phone.text(i) }),
        el("span", { class: "sub", text: I18n.t("start.centers", { n: i.center_ids.length }) }),
      ]);
    }));
  }

  function waitText(c) {
    if (!c.open_now) return I18n.t("go.closed");
    if (!c.can_take) return I18n.t("go.nowindow");
    if (!c.estimated_wait_minutes) return I18n.t("go.nowait");
    return I18n.t("go.minutes", { n: c.estimated_wait_minutes });
  }

  function showCenters() {
    var item = items.filter(function (i) { return i.id === itemId; })[0];
    $("go-item").textContent = item ? Phone.text(item) : "";
    if (!centers) return;
    if (!centers.length) {
      Dom.fill($("go-list"), el("li", { class: "card muted", text: I18n.t("go.none") }));
      return;
    }
    Dom.fill($("go-list"), centers.map(function (c) {
      var facts = c.open_now ? [I18n.t("go.waiting", { n: c.waiting }),
        I18n.t("go.windows", { n: c.windows_open })].join(" · ") : "";
      return el("li", {
        class: "card go-center" + (c.can_take ? "" : " unavailable"), "data-center": c.id,
      }, [
        el("p", { class: "title", text: Phone.text(c) }),
        el("p", { class: "go-wait", text: waitText(c) }),
        facts ? el("p", { class: "muted", text: facts }) : null,
        c.can_take ? el("a", {
          class: "button go-join", href: "/go/join?center=" + c.id + "&item=" + itemId,
          text: I18n.t("go.join"),
        }) : null,
      ]);
    }));
  }

  function listen(list) {
    list.filter(function (c) { return c.open_now; }).slice(0, MAX_LIVE).forEach(function (c) {
      if (live[c.id]) return;
      live[c.id] = HallLive.connect({
        centerId: c.id,
        onSnapshot: soon,
        onEvent: function (name) { if (/^(ticket|window)\./.test(name)) soon(); },
      });
    });
  }

  function refresh() {
    if (!itemId) return;
    var asked = itemId;
    lastFetch = Date.now();
    Phone.api("GET", "/items/" + asked + "/centers").then(function (list) {
      if (asked !== itemId) return;
      centers = list;
      $("go-error").hidden = true;
      showCenters();
      listen(list);
    }, function (error) {
      $("go-error").textContent = Phone.explain(error);
      $("go-error").hidden = false;
    });
  }

  function soon() {
    if (pending) return;
    pending = setTimeout(function () {
      pending = null;
      refresh();
    }, Math.max(0, CALM_MS - (Date.now() - lastFetch)));
  }

  function route() {
    var next = chosen();
    $("go-pick").hidden = next !== null;
    $("go-centers").hidden = next === null;
    if (next !== itemId) { centers = null; Dom.clear($("go-list")); }
    itemId = next;
    if (itemId) refresh();
    else showItems();
  }

  Phone.start();
  I18n.onChange(function () { showItems(); showCenters(); });
  $("go-search").addEventListener("input", showItems);
  $("go-back").addEventListener("click", function (e) { e.preventDefault(); location.hash = ""; });
  window.addEventListener("hashchange", route);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
  setInterval(function () { if (!document.hidden) refresh(); }, 60000);
  Phone.api("GET", "/booking/items").then(function (list) {
    items = list;
    showItems();
    showCenters();
  }, function (error) {
    $("go-items").textContent = Phone.explain(error);
  });
  route();
})();
