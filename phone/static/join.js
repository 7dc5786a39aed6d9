/* /go/join?center=&item=: take today's number from the phone. The phone gets a one-time
 * code (a text through the hall's outbox); with it the number is taken and the page goes to
 * the ticket's own live page (/t/{token}), which is the ticket from then on. */
(function () {
  "use strict";
  var root = document.getElementById("join");
  var centerId = Number(root.dataset.centerId);
  var itemId = Number(root.dataset.itemId);
  var here = null;

  function $(id) { return document.getElementById(id); }

  function fail(error) {
    var detail = (error && error.data && error.data.detail) || {};
    $("join-error").textContent = detail.field === "code" ? I18n.t("join.wrong")
      : Phone.explain(error);
    $("join-error").hidden = false;
  }

  function show() {
    if (!here) return;
    $("join-center").textContent = Phone.text(here);
    $("join-wait").textContent = here.can_take
      ? I18n.t("go.waiting", { n: here.waiting }) + (here.estimated_wait_minutes
        ? " · " + I18n.t("go.minutes", { n: here.estimated_wait_minutes }) : "")
      : I18n.t(here.open_now ? "go.nowindow" : "go.closed");
  }

  function load() {
    Phone.api("GET", "/items/" + itemId + "/centers").then(function (list) {
      here = list.filter(function (c) { return c.id === centerId; })[0] || null;
      show();
    }, fail);
    Phone.api("GET", "/booking/items").then(function (items) {
      var item = items.filter(function (i) { return i.id === itemId; })[0];
      $("join-item").textContent = item ? Phone.text(item) : "";
    }, function () {});
  }

  function phone() { return $("join-phone").value.trim(); }

  $("join-phone-form").addEventListener("submit", function (e) {
    e.preventDefault();
    $("join-error").hidden = true;
    $("join-send").disabled = true;
    Phone.api("POST", "/centers/" + centerId + "/phone-codes", { phone: phone() }).then(function () {
      $("join-sent").textContent = I18n.t("join.sent", { phone: phone() });
      $("join-code-form").hidden = false;
      $("join-code").focus();
      setTimeout(function () { $("join-send").disabled = false; }, 60000);
    }, function (error) {
      $("join-send").disabled = false;
      fail(error);
    });
  });

  $("join-code-form").addEventListener("submit", function (e) {
    e.preventDefault();
    $("join-error").hidden = true;
    $("join-take").disabled = true;
    Phone.api("POST", "/centers/" + centerId + "/phone-tickets", {
      item_id: itemId, phone: phone(), code: $("join-code").value.trim(),
    }).then(function (ticket) {
      location.assign("/t/" + encodeURIComponent(ticket.token));
    }, function (error) {
      $("join-take").disabled = false;
      fail(error);
    });
  });

  Phone.start();
  I18n.onChange(show);
  load();
})();
