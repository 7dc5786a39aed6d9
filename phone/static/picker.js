/* Choosing a day and a slot, with live remaining places.
 *
 * new Phone.Picker(element, {centerId, itemId, timeZone, current, onPick(slot)}):
 * the days come from /booking-days (closed days shown closed), the slots of the chosen day
 * from /slots; both refresh every 20 s while the page is visible, so a place taken by
 * someone else disappears without a reload.
 */
(function (global) {
  "use strict";
  var el = Dom.el;
  var REFRESH_MS = 20000;

  function Picker(root, opts) {
    this.root = root;
    this.opts = opts;
    this.days = [];
    this.slots = [];
    this.date = opts.date || null;
    root.innerHTML = "";
    this.dayBox = el("ul", { class: "days", id: "days" });
    this.slotBox = el("div", { class: "slots", id: "slots", "aria-live": "polite" });
    this.note = el("p", { class: "muted slot-note", id: "slot-note" });
    root.appendChild(el("h2", { "data-i18n": "slot.day", text: I18n.t("slot.day") }));
    root.appendChild(this.dayBox);
    root.appendChild(el("h2", { "data-i18n": "slot.time", text: I18n.t("slot.time") }));
    root.appendChild(this.slotBox);
    root.appendChild(this.note);
    var self = this;
    this.timer = setInterval(function () {
      if (!document.hidden) self.load();
    }, REFRESH_MS);
    this.onVisible = function () { if (!document.hidden) self.load(); };
    document.addEventListener("visibilitychange", this.onVisible);
    I18n.onChange(function () { self.render(); });
    this.load();
  }

  Picker.prototype.destroy = function () {
    clearInterval(this.timer);
    document.removeEventListener("visibilitychange", this.onVisible);
    this.destroyed = true;
  };

  Picker.prototype.load = function () {
    var self = this;
    var o = this.opts;
    return Phone.api("GET", "/centers/" + o.centerId + "/booking-days?item_id=" + o.itemId)
      .then(function (days) {
        if (self.destroyed) return;
        self.days = days;
        var chosen = days.filter(function (d) { return d.date === self.date && d.open; })[0];
        if (!chosen) {
          chosen = days.filter(function (d) { return d.open && d.remaining > 0; })[0] ||
            days.filter(function (d) { return d.open; })[0];
        }
        self.date = chosen ? chosen.date : null;
        return self.loadSlots();
      })
      .catch(function (error) { self.fail(error); });
  };

  Picker.prototype.loadSlots = function () {
    var self = this;
    var o = this.opts;
    if (!this.date) { this.slots = []; this.render(); return Promise.resolve(); }
    return Phone.api("GET", "/centers/" + o.centerId + "/slots?item_id=" + o.itemId +
      "&date=" + this.date)
      .then(function (slots) {
        if (self.destroyed) return;
        self.slots = slots;
        self.error = null;
        self.render();
      })
      .catch(function (error) { self.fail(error); });
  };

  Picker.prototype.fail = function (error) {
    this.error = Phone.explain(error);
    this.render();
  };

  Picker.prototype.minutes = function () {
    return (this.days[0] && this.days[0].slot_minutes) || 0;
  };

  Picker.prototype.render = function () {
    var self = this;
    var o = this.opts;
    this.dayBox.innerHTML = "";
    this.days.forEach(function (d) {
      var label = !d.open ? I18n.t("slot.closed")
        : d.remaining > 0 ? I18n.t("slot.left", { n: d.remaining }) : I18n.t("slot.full");
      var button = el("button", {
        type: "button", class: "day" + (d.date === self.date ? " chosen" : ""),
        "data-date": d.date, "aria-pressed": String(d.date === self.date),
        disabled: !d.open,
        onclick: function () { self.date = d.date; self.render(); self.loadSlots(); },
      }, [el("span", { class: "d", text: Phone.day(d.date) }), el("span", { class: "n", text: label })]);
      self.dayBox.appendChild(el("li", {}, [button]));
    });
    var chosenButton = this.dayBox.querySelector(".chosen");
    if (chosenButton && chosenButton.scrollIntoView && !this.scrolled) {
      chosenButton.scrollIntoView({ block: "nearest", inline: "center" });
      this.scrolled = true;
    }
    this.slotBox.innerHTML = "";
    var minutes = this.minutes();
    this.slots.forEach(function (s) {
      var end = minutes ? new Date(new Date(s.start).getTime() + minutes * 60000).toISOString() : null;
      var current = o.current && new Date(o.current).getTime() === new Date(s.start).getTime();
      var full = s.remaining <= 0;
      var label = current ? I18n.t("slot.current")
        : full ? I18n.t("slot.full") : I18n.t("slot.left", { n: s.remaining });
      self.slotBox.appendChild(el("button", {
        type: "button", class: "slot" + (full ? " full" : ""), "data-start": s.start,
        "data-remaining": s.remaining, disabled: full || current,
        onclick: function () { o.onPick({ start: s.start, end: end, remaining: s.remaining }); },
      }, [el("span", { class: "t", text: Phone.time(s.start, o.timeZone) + (end ? "–" + Phone.time(end, o.timeZone) : "") }),
        el("span", { class: "n", text: label })]));
    });
    if (this.error) this.note.textContent = this.error;
    else if (!this.date) this.note.textContent = I18n.t("slot.noday");
    else if (!this.slots.length) this.note.textContent = I18n.t("slot.none");
    else this.note.textContent = I18n.t("slot.live");
  };

  global.Phone.Picker = Picker;
})(window);
