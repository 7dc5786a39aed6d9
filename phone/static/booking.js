/* /book/r/{code}: the booking with its check-in code (text, barcode, QR code), its
 * materials, and cancelling or moving it. Once checked in, it leads to the ticket's page. */
(function () {
  "use strict";
  var el = Dom.el;
  var root = document.getElementById("booking");
  var code = root.dataset.code;
  var isNew = new URLSearchParams(location.search).get("new") === "1";
  var booking = null;
  var banner = isNew ? "booking.new" : null;
  var picker = null;
  var poll = null;

  function fill(id, value) { document.getElementById(id).textContent = value; }

  /* Only the holder changes a booking: the phone's last four digits (kept by this phone
   * when it booked, else typed in). */
  var last4 = document.getElementById("phone-last4");
  Phone.saved().forEach(function (b) { if (b.code === code && b.last4) last4.value = b.last4; });
  function holder(body) {
    var out = body || {};
    out.phone_last4 = last4.value.trim();
    return out;
  }

  function render() {
    if (!booking) return;
    var b = booking;
    var tz = b.center.timezone;
    document.getElementById("view").hidden = !!picker;
    document.getElementById("move").hidden = !picker;
    var stateBanner = document.getElementById("state-banner");
    var key = b.state === "booked" ? (banner || "booking.state.booked") : "booking.state." + b.state;
    stateBanner.textContent = I18n.t(key);
    stateBanner.className = "banner state-" + b.state + (banner ? " fresh" : "");
    fill("code-text", Phone.maskCode(b.code));
    var active = b.state === "booked";
    document.querySelector(".code-card").classList.toggle("spent", !active);
    /* A cancelled or missed booking is not checked in: no code to scan, nothing to bring. */
    var over = b.state === "cancelled" || b.state === "no_show";
    document.getElementById("view").classList.toggle("over", over);
    fill("f-center", I18n.name(b.center));
    fill("f-item", I18n.name(b.item));
    fill("f-when", Phone.when(b.slot_start, tz, b.slot_end));
    fill("f-until", Phone.time(b.check_in_until, tz));
    fill("f-who", b.name + " · " + b.phone);
    var ul = document.getElementById("materials");
    ul.innerHTML = "";
    (b.item.materials || []).forEach(function (m) { ul.appendChild(el("li", { text: Phone.text(m) })); });
    if (!(b.item.materials || []).length) ul.appendChild(el("li", { text: I18n.t("item.nomaterials") }));
    document.getElementById("change-actions").hidden = !b.changeable;
    var follow = document.getElementById("follow-ticket");
    follow.hidden = !b.ticket_token;
    if (b.ticket_token) follow.href = "/t/" + b.ticket_token;
    fill("privacy", I18n.t("details.privacy", { n: b.retention_days }));
  }

  function load() {
    return Phone.api("GET", "/booking/reservations/" + encodeURIComponent(code))
      .then(function (b) {
        booking = b;
        var img = document.getElementById("barcode");
        if (!img.src) {
          img.src = "/api/v1/reservations/" + b.code + "/barcode.svg";
          document.getElementById("qrcode").src = "/api/v1/reservations/" + b.code + "/qr.svg";
        }
        if (b.state === "booked") {
          Phone.remember({ code: b.code, item: b.item.name, item_en: b.item.name_en,
            slot_start: b.slot_start, timezone: b.center.timezone });
        }
        render();
      })
      .catch(function (error) { showError(error); });
  }

  function showError(error) {
    var box = document.getElementById("change-error");
    box.textContent = Phone.explain(error);
    box.hidden = false;
    document.getElementById("view").hidden = false;
  }

  function clearError() { document.getElementById("change-error").hidden = true; }

  function openMove() {
    clearError();
    picker = new Phone.Picker(document.getElementById("picker"), {
      centerId: booking.center.id, itemId: booking.item.id, timeZone: booking.center.timezone,
      current: booking.slot_start, date: Phone.dateOf(booking.slot_start, booking.center.timezone),
      onPick: function (slot) {
        Phone.api("POST", "/reservations/" + booking.code + "/move", holder({ slot_start: slot.start }))
          .then(function () {
            closeMove();
            banner = "booking.moved";
            return load();
          })
          .then(function () { window.scrollTo(0, 0); })
          .catch(function (error) {
            closeMove();
            showError(error);
          });
      },
    });
    render();
    window.scrollTo(0, 0);
  }

  function closeMove() {
    if (picker) picker.destroy();
    picker = null;
    render();
  }

  Phone.start();
  document.getElementById("move-open").addEventListener("click", openMove);
  document.getElementById("move-back").addEventListener("click", closeMove);
  document.getElementById("cancel-open").addEventListener("click", function () {
    clearError();
    document.getElementById("cancel-confirm").hidden = false;
  });
  document.getElementById("cancel-no").addEventListener("click", function () {
    document.getElementById("cancel-confirm").hidden = true;
  });
  document.getElementById("cancel-yes").addEventListener("click", function () {
    document.getElementById("cancel-confirm").hidden = true;
    Phone.api("DELETE", "/reservations/" + booking.code, holder())
      .then(function () { banner = null; return load(); })
      .then(function () { window.scrollTo(0, 0); })
      .catch(showError);
  });
  I18n.onChange(render);
  load();
  /* On the visit day the page notices the check-in at the kiosk by itself. */
  poll = setInterval(function () {
    if (!document.hidden && booking && booking.state === "booked") load();
  }, 30000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) load(); });
})();
