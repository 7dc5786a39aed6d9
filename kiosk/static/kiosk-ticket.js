/* The kiosk (4 of 5): the ticket and the guide paper on screen, and what the printer does. */
(function (K) {
  "use strict";
  var cfg = K.config, state = K.state, renderers = K.renderers, $ = K.$, t = K.t, txt = K.txt,
      el = Dom.el, clear = Dom.clear;

  // The ticket.

  function windowsText(numbers) {
    if (!numbers || !numbers.length) return "";
    var runs = [], first = numbers[0], prev = numbers[0];
    numbers.slice(1).concat([null]).forEach(function (n) {
      if (n !== null && n === prev + 1) { prev = n; return; }
      runs.push(first === prev ? String(first) : first + "–" + prev);
      first = prev = n;
    });
    return t("ticket.windows", { w: runs.join(I18n.lang() === "en" ? ", " : "、") });
  }

  function timeText(iso) {
    try {
      return new Intl.DateTimeFormat(I18n.lang() === "en" ? "en-GB" : "zh-CN", {
        hour: "2-digit", minute: "2-digit", timeZone: (K.catalog && K.catalog.center.timezone) || undefined,
      }).format(new Date(iso));
    } catch (e) { return iso.slice(11, 16); }
  }

  function waitText(ticket) {
    if (ticket.estimated_wait_minutes === null || ticket.estimated_wait_minutes === undefined) {
      return t("ticket.wait.unknown");
    }
    if (ticket.ahead === 0) return t("ticket.wait.next");
    return t("ticket.wait", { m: ticket.estimated_wait_minutes });
  }

  function ticketCard(ticket, first) {
    var number = el("div", { class: "t-number", text: ticket.number });
    if (first) number.id = "ticket-number";
    var label = ticket.source === "reservation" ? t("ticket.reservation") : t("ticket.label");
    var token = encodeURIComponent(ticket.token);
    return el("article", { class: "ticket-card", "data-token": ticket.token }, [
      el("div", { class: "t-main" }, [
        el("div", { class: "t-center", text: I18n.name(ticket, "center_name") }),
        el("div", { class: "t-label", text: label }),
        number,
        el("div", { class: "t-item", text: I18n.name(ticket, "item_name") }),
        el("div", { class: "t-windows", text: windowsText(ticket.windows) }),
        el("dl", { class: "t-facts" }, [
          el("div", {}, [el("dt", { text: t("ticket.ahead.label") }), el("dd", { class: "t-ahead", text: t("ticket.ahead", { n: ticket.ahead }) })]),
          el("div", {}, [el("dt", { text: t("ticket.wait.label") }), el("dd", { class: "t-wait", text: waitText(ticket) })]),
          el("div", {}, [el("dt", { text: t("ticket.issued") }), el("dd", { class: "t-issued", text: timeText(ticket.issued_at) })]),
        ]),
        ticket.priority !== "normal" ? el("div", { class: "t-priority", text: K.priorityLabel(ticket.priority) }) : null,

      ]),
      el("div", { class: "t-codes" }, [
        el("figure", { class: "qr" }, [
          el("img", { alt: "QR", src: "/kiosk/t/" + token + "/qr.svg" }),
          el("figcaption", { text: t("ticket.qr") }),
        ]),
        el("img", { class: "barcode", alt: "Code128 " + ticket.token, src: "/kiosk/t/" + token + "/barcode.svg" }),
      ]),
    ]);
  }

  function paperCard(paper) {
    return el("div", { class: "paper-inner" }, [
      el("img", { class: "paper-qr", alt: "QR", src: "/kiosk/paper/" + encodeURIComponent(paper.token) + "/qr.svg" }),
      el("div", {}, [
        el("h2", { text: t("paper.heading") }),
        el("p", { text: txt(paper.content.scenario.title) }),
        el("p", { class: "subtle", text: t("paper.scan") }),
      ]),
    ]);
  }

  function printerTrouble() { return !!(cfg.kioskId && K.TROUBLE[cfg.printer]); }

  /* What to say about the paper: printing, in trouble (still on screen), or nothing known. */
  function printerNote(what) {
    if (printerTrouble()) return t("printer.trouble." + what, { why: t("printer." + cfg.printer) });
    if (cfg.kioskId && (cfg.printer === "online" || cfg.printer === "paper_low")) {
      return t("printer.printing." + what);
    }
    return t("printer.none." + what);
  }

  renderers.ticket = function () {
    var cards = clear($("#ticket-cards"));
    state.tickets.forEach(function (ticket, n) { cards.appendChild(ticketCard(ticket, n === 0)); });
    if (state.paper) {
      cards.appendChild(el("article", { class: "ticket-card paper-slot" }, [paperCard(state.paper)]));
    }
    cards.className = "ticket-cards count-" + Math.min(cards.children.length, 3);
    var failures = $("#ticket-failures");
    failures.hidden = !state.failures.length;
    failures.textContent = state.failures.map(function (f) {
      return t("ticket.failed", { item: K.itemName(f.item_id), why: K.errorText(f.err).text });
    }).join(" ");
    var note = $("#printer-note");
    note.textContent = printerNote("ticket");
    note.className = "printer-note" + (printerTrouble() ? " trouble" : "");
  };

  renderers.paper = function () {
    var card = clear($("#paper-card"));
    if (state.paper) card.appendChild(paperCard(state.paper));
    var note = $("#paper-printer-note");
    note.textContent = printerNote("paper");
    note.className = "printer-note" + (printerTrouble() ? " trouble" : "");
  };

  K.printerTrouble = printerTrouble;
})(window.Kiosk);
