/* /book/: choose an item (or walk the guide), read its materials, choose a center, a day
 * and a slot, give a name and a phone, and get the check-in code.
 *
 * Where the resident is lives in the address (#item=..&center=..&slot=..), so the back
 * button and a reload keep their place. ?center=ID (a poster at a center) lists that
 * center's items first.
 */
(function () {
  "use strict";
  var el = Dom.el;
  var root = document.getElementById("book");
  var RETENTION = Number(root.dataset.retentionDays || 7);
  var params = new URLSearchParams(location.search);
  var onlyCenter = Number(params.get("center")) || null;
  var data = { items: null, centers: null };
  var picker = null;
  var busy = false;

  function state() {
    var h = new URLSearchParams(location.hash.slice(1));
    return {
      item: Number(h.get("item")) || null,
      center: Number(h.get("center")) || null,
      slot: h.get("slot") || null,
      date: h.get("date") || null,
    };
  }

  function go(next, replace) {
    var h = new URLSearchParams();
    if (next.item) h.set("item", next.item);
    if (next.center) h.set("center", next.center);
    if (next.date) h.set("date", next.date);
    if (next.slot) h.set("slot", next.slot);
    var hash = "#" + h.toString();
    if (replace || hash === location.hash) {
      history.replaceState(null, "", hash);
      render();
    } else {
      location.hash = hash;  // the hashchange renders
    }
  }

  function item(id) { return (data.items || []).filter(function (i) { return i.id === id; })[0]; }
  function center(id) { return (data.centers || []).filter(function (c) { return c.id === id; })[0]; }

  function show(id) {
    document.querySelectorAll(".step").forEach(function (s) { s.hidden = s.id !== id; });
    window.scrollTo(0, 0);
  }

  function scenario(itemId) {
    var s = Store.session.getJson("phone.scenario", null);
    return s && (s.item_ids || []).indexOf(itemId) >= 0 ? s : null;
  }

  /* Step 1: the items. */
  function renderStart() {
    show("step-start");
    var filter = document.getElementById("center-filter");
    var only = onlyCenter && center(onlyCenter);
    filter.hidden = !only;
    if (only) document.getElementById("center-filter-name").textContent = I18n.name(only);
    var query = document.getElementById("item-search").value.trim().toLowerCase();
    var list = document.getElementById("item-list");
    list.innerHTML = "";
    var here = (data.items || []).filter(function (i) {
      return !only || i.center_ids.indexOf(only.id) >= 0;
    });
    var shown = query ? ItemSearch.find(here, query) : here;
    shown.forEach(function (i) {
      list.appendChild(el("a", {
        class: "row", href: "#item=" + i.id,
        "data-item-id": i.id,
      }, [
        el("span", { class: "title", text: I18n.name(i) }),
        el("span", { class: "sub", text: I18n.name(i.department) + " · " +
          I18n.t("start.centers", { n: i.center_ids.length }) }),
      ]));
    });
    document.getElementById("item-empty").hidden = shown.length > 0 || !data.items;
    renderSaved();
  }

  function renderSaved() {
    var box = document.getElementById("my-bookings");
    if (box) box.remove();
    var list = Phone.saved();
    if (!list.length) return;
    box = el("div", { id: "my-bookings", class: "card" }, [
      el("h2", { text: I18n.t("start.mine") }),
    ]);
    list.forEach(function (b) {
      box.appendChild(el("a", { class: "row", href: "/book/r/" + b.code }, [
        el("span", { class: "title", text: Phone.maskCode(b.code) }),
        el("span", { class: "sub", text: (I18n.lang() === "en" ? b.item_en || b.item : b.item) +
          " · " + Phone.when(b.slot_start, b.timezone) }),
      ]));
    });
    document.getElementById("find-booking").before(box);
  }

  /* Step 2: the materials, then the centers that offer the item. */
  function renderItem(s) {
    var it = item(s.item);
    if (!it) { go({}, true); return; }
    show("step-item");
    document.getElementById("item-name").textContent = I18n.name(it);
    document.getElementById("item-department").textContent = I18n.name(it.department) +
      (it.expected_minutes ? " · " + I18n.t("item.minutes", { n: it.expected_minutes }) : "");
    var guided = scenario(it.id);
    var materials = guided && guided.materials && guided.materials.length ? guided.materials : it.materials;
    var ul = document.getElementById("materials");
    ul.innerHTML = "";
    var haveKey = "phone.have." + it.id;
    var have = Store.local.getJson(haveKey, {}) || {};
    materials.forEach(function (m, index) {
      var label = Phone.text(m);
      var box = el("input", { type: "checkbox", id: "m" + index, checked: !!have[m.zh || label] });
      box.addEventListener("change", function () {
        have[m.zh || label] = box.checked;
        Store.local.setJson(haveKey, have);
      });
      ul.appendChild(el("li", {}, [el("label", { for: "m" + index }, [box, el("span", { text: label })])]));
    });
    if (!materials.length) ul.appendChild(el("li", { text: I18n.t("item.nomaterials") }));
    var pre = document.getElementById("precautions");
    pre.innerHTML = "";
    var precautions = (guided && guided.precautions) || [];
    precautions.forEach(function (p) { pre.appendChild(el("li", { text: Phone.text(p) })); });
    document.getElementById("precautions-box").hidden = !precautions.length;
    var list = document.getElementById("center-list");
    list.innerHTML = "";
    var ids = it.center_ids.slice();
    if (onlyCenter && ids.indexOf(onlyCenter) >= 0) {
      ids = [onlyCenter].concat(ids.filter(function (c) { return c !== onlyCenter; }));
    }
    ids.forEach(function (id) {
      var c = center(id);
      if (!c) return;
      list.appendChild(el("a", {
        class: "row", href: "#item=" + it.id + "&center=" + c.id, "data-center-id": c.id,
      }, [el("span", { class: "title", text: I18n.name(c) }), el("span", { class: "sub", text: hoursToday(c) })]));
    });
  }

  function hoursToday(c) {
    var date = Phone.today(c.timezone);
    var special = c.special_days || {};
    var span;
    if (Object.prototype.hasOwnProperty.call(special, date)) span = special[date];
    else {
      var weekday = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][
        new Date(date + "T12:00:00Z").getUTCDay()];
      span = (c.hours || {})[weekday];
    }
    return span ? I18n.t("item.hours", { from: span[0], to: span[1] }) : I18n.t("item.closedtoday");
  }

  /* Step 3: the day and the slot. */
  function renderSlot(s) {
    var it = item(s.item);
    var c = center(s.center);
    if (!it || !c || it.center_ids.indexOf(c.id) < 0) { go({ item: s.item }, true); return; }
    show("step-slot");
    fillSummary(it, c);
    if (picker && picker.key === it.id + ":" + c.id) { picker.load(); return; }
    if (picker) picker.destroy();
    picker = new Phone.Picker(document.getElementById("picker"), {
      centerId: c.id, itemId: it.id, timeZone: c.timezone, date: s.date,
      onPick: function (slot) {
        chosenEnd = slot.end;
        go({ item: it.id, center: c.id, date: picker.date, slot: slot.start });
      },
    });
    picker.key = it.id + ":" + c.id;
  }

  var chosenEnd = null;

  function fillSummary(it, c) {
    document.querySelectorAll(".js-center-name").forEach(function (n) { n.textContent = I18n.name(c); });
    document.querySelectorAll(".js-item-name").forEach(function (n) { n.textContent = I18n.name(it); });
  }

  /* Step 4: who comes. */
  function renderDetails(s) {
    var it = item(s.item);
    var c = center(s.center);
    if (!it || !c) { go({ item: s.item }, true); return; }
    show("step-details");
    fillSummary(it, c);
    document.getElementById("details-when").textContent = Phone.when(s.slot, c.timezone, chosenEnd);
    document.getElementById("privacy").textContent = I18n.t("details.privacy", { n: RETENTION });
    document.getElementById("book-error").hidden = true;
  }

  function render() {
    if (!data.items || !data.centers) return;
    var s = state();
    if (picker && !(s.item && s.center && !s.slot)) {
      picker.destroy();
      picker = null;
    }
    if (!s.item) renderStart();
    else if (!s.center) renderItem(s);
    else if (!s.slot) renderSlot(s);
    else renderDetails(s);
  }

  function back() {
    var s = state();
    if (s.slot) go({ item: s.item, center: s.center, date: s.date });
    else if (s.center) go({ item: s.item });
    else go({});
  }

  function cleanPhone(raw) {
    return raw.replace(/[\s\-()]/g, "");
  }

  function validPhone(raw) {
    var phone = cleanPhone(raw);
    return /^(\+?86|0086)?1[3-9]\d{9}$/.test(phone) || /^\+[1-9]\d{6,19}$/.test(phone);
  }

  function submit(event) {
    event.preventDefault();
    if (busy) return;
    var s = state();
    var name = document.getElementById("name").value.trim();
    var phone = document.getElementById("phone").value;
    var okName = name.length > 0;
    var okPhone = validPhone(phone);
    document.getElementById("name-error").hidden = okName;
    document.getElementById("phone-error").hidden = okPhone;
    if (!okName || !okPhone) return;
    busy = true;
    var button = document.getElementById("book-submit");
    button.disabled = true;
    var errorBox = document.getElementById("book-error");
    errorBox.hidden = true;
    Phone.api("POST", "/centers/" + s.center + "/reservations", {
      item_id: s.item, slot_start: s.slot, name: name, phone: cleanPhone(phone),
    }).then(function (booking) {
      var it = item(s.item);
      var c = center(s.center);
      Phone.remember({ code: booking.code, item: it.name, item_en: it.name_en,
        last4: cleanPhone(phone).slice(-4),
        slot_start: booking.slot_start, timezone: c.timezone });
      location.replace("/book/r/" + booking.code + "?new=1");
    }).catch(function (error) {
      busy = false;
      button.disabled = false;
      errorBox.textContent = Phone.explain(error);
      errorBox.hidden = false;
      if (error.code === "slot_full") {
        errorBox.appendChild(el("button", {
          type: "button", class: "secondary", text: I18n.t("details.other"),
          onclick: function () { go({ item: s.item, center: s.center, date: s.date }); },
        }));
      }
    });
  }

  function load() {
    if (!data.items) {
      show("step-start");
      document.getElementById("item-list").textContent = I18n.t("loading");
    }
    return Promise.all([Phone.api("GET", "/booking/items"), Phone.api("GET", "/centers")])
      .then(function (answers) {
        data.items = answers[0];
        data.centers = answers[1];
        render();
      })
      .catch(function (error) {
        var list = document.getElementById("item-list");
        show("step-start");
        list.textContent = Phone.explain(error);
        setTimeout(load, 5000);
      });
  }

  Phone.start();
  document.querySelectorAll("[data-back]").forEach(function (b) { b.addEventListener("click", back); });
  document.getElementById("item-search").addEventListener("input", renderStart);
  document.getElementById("center-filter-clear").addEventListener("click", function () {
    onlyCenter = null;
    history.replaceState(null, "", "/book/" + location.hash);
    renderStart();
  });
  document.getElementById("details-form").addEventListener("submit", submit);
  document.getElementById("find-booking").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = document.getElementById("find-code").value.replace(/\s/g, "").toUpperCase();
    if (code) location.href = "/book/r/" + encodeURIComponent(code);
  });
  window.addEventListener("hashchange", render);
  I18n.onChange(render);
  QmsApi.request("GET", "/guides").then(function () {
    document.getElementById("guide-link").hidden = false;
  }, function () { /* no guides: booking by item only */ });
  load();
})();
