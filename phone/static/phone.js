/* Shared by the phone pages: the API, languages, dates in the center's own time zone.
 *
 * Phone.start() sets the language (I18n, with the catalog in phone-i18n.js) and wires the
 * language buttons. Phone.api(method, path, body) answers the JSON or throws an Error with
 * .status, .code and .data; a lost network shows #offline-banner until a request succeeds.
 */
(function (global) {
  "use strict";

  var WEEK_ZH = ["日", "一", "二", "三", "四", "五", "六"];

  function setOffline(offline) {
    var banner = document.getElementById("offline-banner");
    if (banner) banner.hidden = !offline;
    document.documentElement.dataset.connection = offline ? "offline" : "online";
  }

  function api(method, path, body) {
    return global.QmsApi.request(method, path, { body: body }).then(function (data) {
      setOffline(false);
      return data;
    }, function (error) {
      setOffline(error.network);
      if (error.network) error.message = I18n.t("error.network");
      throw error;
    });
  }

  /* A name, material or label in the current language: {zh, en}, {name, name_en} or text. */
  function text(value, field) {
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return value;
    if (value.zh !== undefined || value.en !== undefined) {
      return I18n.lang() === "en" ? (value.en || value.zh || "") : (value.zh || value.en || "");
    }
    return I18n.name(value, field);
  }

  function parts(iso, timeZone) {
    var date = new Date(iso);
    var fmt = new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone, year: "numeric", month: "numeric", day: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short",
    });
    var out = {};
    fmt.formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    return out;
  }

  function weekdayIndex(short) {
    return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(short);
  }

  function time(iso, timeZone) {
    var p = parts(iso, timeZone);
    return p.hour + ":" + p.minute;
  }

  /* "11月28日 周六" / "Sat 28 Nov" for a date (YYYY-MM-DD) or a moment in a zone. */
  function day(value, timeZone) {
    var y, m, d, w;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      var bits = value.split("-").map(Number);
      y = bits[0]; m = bits[1]; d = bits[2];
      w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    } else {
      var p = parts(value, timeZone);
      m = Number(p.month); d = Number(p.day); w = weekdayIndex(p.weekday);
    }
    if (I18n.lang() === "en") {
      var names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
      var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"];
      return names[w] + " " + d + " " + months[m - 1];
    }
    return m + "月" + d + "日 周" + WEEK_ZH[w];
  }

  function when(iso, timeZone, endIso) {
    var span = time(iso, timeZone) + (endIso ? "–" + time(endIso, timeZone) : "");
    return day(iso, timeZone) + " " + span;
  }

  /* The date (YYYY-MM-DD) of a moment in a time zone; today's without a moment. */
  function dateOf(iso, timeZone) {
    var p = parts(iso || new Date().toISOString(), timeZone);
    return p.year + "-" + ("0" + p.month).slice(-2) + "-" + ("0" + p.day).slice(-2);
  }

  function today(timeZone) { return dateOf(null, timeZone); }

  /* A refusal in words a resident can act on, in the current language. */
  function explain(error) {
    var data = (error && error.data) || {};
    var detail = data.detail || {};
    if (!error || error.code === "network") return I18n.t("error.network");
    if (error.status === 429) return I18n.t("error.rate");
    if (error.code === "slot_full") return I18n.t("error.full");
    if (error.code === "booking_refused" && detail.blocked_until) {
      return I18n.t("error.blocked", { date: detail.blocked_until.slice(0, 10) });
    }
    if (error.code === "booking_refused" && detail.cap) {
      return I18n.t("error.cap", { n: detail.cap });
    }
    if (I18n.lang() === "en") return error.message;
    return I18n.t("error.generic") + (error.message ? "（" + error.message + "）" : "");
  }

  function maskCode(code) {
    return code ? code.slice(0, 4) + " " + code.slice(4) : "";
  }

  function start() {
    I18n.init(global.PHONE_I18N || { zh: {}, en: {} }, "zh");
    /* A link with ?lang= chooses the language for the pages that follow too. */
    if (new URLSearchParams(global.location.search).get("lang")) I18n.set(I18n.lang());
    var buttons = document.querySelectorAll("[data-lang]");
    function mark(lang) {
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.lang === lang)); });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { I18n.set(b.dataset.lang); });
    });
    I18n.onChange(mark);
    mark(I18n.lang());
    global.addEventListener("offline", function () { setOffline(true); });
    global.addEventListener("online", function () { setOffline(false); });
  }

  /* Codes this phone has booked, newest first, for "my bookings" on the start page. */
  var SAVED = "phone.bookings";
  function saved() { return global.Store.local.getJson(SAVED, []) || []; }
  function remember(entry) {
    var list = saved().filter(function (b) { return b.code !== entry.code; });
    list.unshift(entry);
    global.Store.local.setJson(SAVED, list.slice(0, 5));
  }

  global.Phone = {
    api: api, text: text, time: time, day: day, when: when, today: today, dateOf: dateOf,
    explain: explain, maskCode: maskCode, start: start, saved: saved, remember: remember,
    setOffline: setOffline,
  };
})(window);
