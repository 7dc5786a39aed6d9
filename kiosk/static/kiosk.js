/* The kiosk: take a number, check in a booking, or be guided to the right items.
 *
 * One page, one finger: every screen is a <section data-screen>, shown one at a time.
 * Ticket requests carry an Idempotency-Key made once per tap and reused by "try again",
 * so a double tap or a retry after a network error never issues two tickets. After
 * QMS_KIOSK_IDLE_SECONDS without a touch the kiosk returns home in its default language.
 */
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("kiosk-config").textContent);
  var T = window.KIOSK_TEXT;
  var REQUEST_TIMEOUT_MS = 15000;
  var TROUBLE = { paper_out: true, error: true, offline: true };
  var state = fresh();
  var catalog = null;
  var lastTouch = Date.now();

  function fresh() {
    return {
      screen: "home", field: null, query: "", item: null, priority: "normal",
      guide: null, path: [], tickets: [], failures: [], paper: null, printing: false,
      error: null, retry: null, busy: false,
    };
  }

  // Small helpers.

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function t(key, vars) { return I18n.t(key, vars); }
  function txt(pair) { return pair ? (I18n.lang() === "en" ? pair.en || pair.zh : pair.zh || pair.en) : ""; }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "kiosk-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  /* A JSON request; rejects with an Error carrying .network, .status, .code, .message. */
  /* The kiosk's device token (set up once with ?device=TOKEN): it prints on this kiosk's
   * printer and issues without the public's rate limit. */
  var deviceToken = window.QmsDevice ? QmsDevice.token("kiosk") : null;
  var printKiosk = deviceToken ? cfg.kioskId : null;

  function request(method, url, body, key) {
    return QmsApi.request(method, url, {
      body: body || undefined, idempotencyKey: key, timeoutMs: REQUEST_TIMEOUT_MS,
      token: deviceToken || undefined,
    });
  }

  // Screens.

  var renderers = {};

  function show(screen) {
    state.screen = screen;
    $all("main > .screen").forEach(function (s) { s.hidden = s.dataset.screen !== screen; });
    document.body.dataset.screen = screen;
    render();
    window.scrollTo(0, 0);
    var main = $("#screens");
    if (main) main.scrollTop = 0;
  }

  function render() {
    $("#center-name").textContent = catalog ? I18n.name(catalog.center) : $("#center-name").textContent;
    $all("[data-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === I18n.lang()));
    });
    renderHomeNotes();
    if (renderers[state.screen]) renderers[state.screen]();
    idleNote();
  }

  function busy(on) {
    state.busy = on;
    $("#busy").hidden = !on;
  }

  function goHome() {
    state = fresh();
    $("#item-search").value = "";
    $("#reservation-code").value = "";
    $("#reservation-problem").hidden = true;
    busy(false);
    show("home");
    loadCatalog();
  }

  function idleReset() {
    lastTouch = Date.now();
    goHome();
    I18n.set(cfg.defaultLang, false);
  }

  // Home.

  function renderHomeNotes() {
    var notice = $("#notice");
    var text = catalog && catalog.center.notice;
    notice.hidden = !text;
    notice.textContent = text || "";
    var warn = $("#printer-home");
    var trouble = printerTrouble();
    warn.hidden = !trouble;
    warn.textContent = trouble ? t("printer.home", { why: t("printer." + cfg.printer) }) : "";
  }

  function loadCatalog() {
    return request("GET", cfg.catalogUrl).then(function (data) {
      catalog = data;
      if (data.kiosk) cfg.printer = data.kiosk.printer;
      render();
      return data;
    }, function () { return catalog; });
  }

  function needCatalog(then) {
    if (catalog) { then(); return; }
    busy(true);
    loadCatalog().then(function (data) {
      busy(false);
      if (data) then();
      else fail({ network: true }, null);
    });
  }

  // Take a number: fields, then items; or search by keyword or pinyin initials.

  /* Alphabetical, not QWERTY: easier for someone who never typed on a computer. */
  var KEYBOARD_ROWS = ["ABCDEFG", "HIJKLMN", "OPQRSTU", "VWXYZ"];

  function buildKeyboard(container, rows, onKey) {
    clear(container);
    rows.forEach(function (row) {
      var line = el("div", { className: "key-row" });
      row.split("").forEach(function (ch) {
        line.appendChild(el("button", { type: "button", className: "key", "data-key": ch, text: ch }));
      });
      container.appendChild(line);
    });
    var last = el("div", { className: "key-row" });
    last.appendChild(el("button", { type: "button", className: "key wide secondary", "data-key": "BACK", "data-i18n": "key.back", text: t("key.back") }));
    container.appendChild(last);
    container.addEventListener("click", function (e) {
      var key = e.target.closest("[data-key]");
      if (key) onKey(key.dataset.key);
    });
  }

  function onSearchKey(key) {
    var input = $("#item-search");
    input.value = key === "BACK" ? input.value.slice(0, -1) : input.value + key.toLowerCase();
    state.query = input.value;
    renderers.take();
  }

  function matches(item, q) {
    q = q.trim().toLowerCase();
    if (!q) return 0;
    var compact = q.replace(/\s+/g, "");
    if (item.initials.indexOf(compact) === 0) return 1;
    if (item.name.indexOf(q) >= 0 || (item.name_en || "").toLowerCase().indexOf(q) >= 0) return 2;
    if (item.pinyin.indexOf(compact) >= 0 || item.initials.indexOf(compact) >= 0) return 3;
    if (item.keywords.indexOf(q) >= 0) return 4;
    return 0;
  }

  renderers.take = function () {
    var fields = clear($("#fields"));
    var list = clear($("#items"));
    if (!catalog) return;
    if (!state.field && catalog.fields.length) state.field = catalog.fields[0].code;
    var q = state.query.trim();
    fields.hidden = !!q;
    catalog.fields.forEach(function (f) {
      fields.appendChild(el("button", {
        type: "button", className: "field" + (f.code === state.field ? " current" : ""),
        "data-field": f.code, "aria-pressed": String(f.code === state.field), text: I18n.name(f),
      }));
    });
    var items;
    if (q) {
      items = catalog.items.map(function (i) { return [matches(i, q), i]; })
        .filter(function (p) { return p[0] > 0; })
        .sort(function (a, b) { return a[0] - b[0]; })
        .map(function (p) { return p[1]; });
    } else {
      items = catalog.items.filter(function (i) { return i.field === state.field; });
    }
    items.forEach(function (i) {
      list.appendChild(el("button", { type: "button", className: "item", "data-item": String(i.id), "data-code": i.code }, [
        el("span", { className: "item-name", text: I18n.name(i) }),
        el("span", { className: "item-dept", text: I18n.name(i, "department") }),
      ]));
    });
    if (!items.length) {
      list.appendChild(el("p", { className: "empty", text: q ? t("take.none", { q: q }) : t("take.empty") }));
    }
  };

  function chooseItem(id) {
    state.item = catalog.items.filter(function (i) { return i.id === id; })[0] || null;
    if (state.item) show("confirm");
  }

  renderers.confirm = function () {
    var item = state.item;
    if (!item) return;
    $("#confirm-item").textContent = I18n.name(item);
    $("#confirm-department").textContent = I18n.name(item, "department");
    var ul = clear($("#confirm-materials"));
    (item.materials || []).forEach(function (m) { ul.appendChild(el("li", { text: txt(m) })); });
    if (!(item.materials || []).length) ul.appendChild(el("li", { text: t("confirm.nomaterials") }));
    renderPriority();
  };

  // Priority residents choose their class (elderly, disabled, ...) where a ticket is taken.

  function renderPriority() {
    var classes = (catalog && catalog.center.priority_classes) || [];
    $all(".priority-box").forEach(function (box) {
      clear(box);
      box.hidden = !classes.length;
      if (!classes.length) return;
      box.appendChild(el("h2", { text: t("priority.title") }));
      var row = el("div", { className: "priority-options", role: "group" });
      ["normal"].concat(classes).forEach(function (c) {
        var label = T[I18n.lang()]["priority." + c] ? t("priority." + c) : c;
        row.appendChild(el("button", {
          type: "button", className: "priority" + (state.priority === c ? " current" : ""),
          "data-priority": c, "aria-pressed": String(state.priority === c), text: label,
        }));
      });
      box.appendChild(row);
    });
  }

  function takeTicket() {
    if (state.busy || !state.item) return;
    var key = newKey();
    var body = { item_id: state.item.id, priority: state.priority, kiosk_id: printKiosk };
    var attempt = function () {
      busy(true);
      request("POST", "/api/v1/centers/" + cfg.centerId + "/tickets", body, key).then(function (ticket) {
        busy(false);
        state.tickets = [ticket];
        state.failures = [];
        state.paper = null;
        show("ticket");
      }, function (err) { busy(false); fail(err, attempt); });
    };
    attempt();
  }

  // Reservation check-in: typed on the keypad, or scanned (a scanner types, then Enter).

  function onCodeKey(key) {
    var input = $("#reservation-code");
    input.value = key === "BACK" ? input.value.slice(0, -1) : (input.value + key).slice(0, 16);
    $("#reservation-problem").hidden = true;
  }

  renderers.reservation = function () {
    var input = $("#reservation-code");
    setTimeout(function () { input.focus(); }, 0);
  };

  function checkIn(code) {
    code = (code || $("#reservation-code").value).replace(/\s+/g, "").toUpperCase();
    if (state.busy) return;
    if (code.length < 4) {
      var problem = $("#reservation-problem");
      problem.textContent = t("reservation.short");
      problem.hidden = false;
      return;
    }
    var attempt = function () {
      busy(true);
      request("POST", "/api/v1/centers/" + cfg.centerId + "/check-ins",
              { code: code, kiosk_id: printKiosk }).then(function (ticket) {
        busy(false);
        state.tickets = [ticket];
        state.failures = [];
        state.paper = null;
        show("ticket");
      }, function (err) { busy(false); fail(err, attempt, "reservation"); });
    };
    attempt();
  }

  // The funnel: guides, then questions (format, scene, situation), then the scenario.

  renderers.guides = function () {
    var list = clear($("#guide-list"));
    var guides = (catalog && catalog.guides) || [];
    guides.forEach(function (g) {
      list.appendChild(el("button", { type: "button", className: "choice", "data-guide": g.id }, [
        el("span", { className: "choice-title", text: txt(g.title) }),
        el("span", { className: "choice-hint", text: txt(g.summary) }),
      ]));
    });
    if (!guides.length) list.appendChild(el("p", { className: "empty", text: t("guides.none") }));
  };

  function openGuide(id) {
    if (state.busy) return;
    busy(true);
    request("GET", "/api/v1/guides/" + encodeURIComponent(id) + "?center_id=" + cfg.centerId).then(function (guide) {
      busy(false);
      state.guide = guide;
      state.path = [];
      showNode();
    }, function (err) { busy(false); fail(err, function () { openGuide(id); }); });
  }

  function currentNode() {
    var node = state.guide.tree;
    state.path.forEach(function (i) { node = node.options[i].node; });
    return node;
  }

  function showNode() { show(currentNode().scenario ? "scenario" : "question"); }

  renderers.question = function () {
    if (!state.guide) return;
    var node = currentNode();
    $("#question-guide").textContent = txt(state.guide.title);
    var steps = clear($("#steps"));
    ["format", "scene", "situation"].forEach(function (s, i) {
      steps.appendChild(el("li", { className: s === node.step ? "current" : "", text: (i + 1) + " " + t("step." + s) }));
    });
    $("#question-text").textContent = txt(node.question);
    var options = clear($("#question-options"));
    node.options.forEach(function (o, i) {
      options.appendChild(el("button", { type: "button", className: "choice", "data-option": String(i) }, [
        el("span", { className: "choice-title", text: txt(o.label) }),
      ]));
    });
  };

  function answered() {
    var node = state.guide.tree, out = [];
    state.path.forEach(function (i) {
      out.push(txt(node.options[i].label));
      node = node.options[i].node;
    });
    return out;
  }

  function servedItems(scenario) {
    return scenario.item_ids.filter(function (id) {
      return catalog && catalog.items.some(function (i) { return i.id === id; });
    });
  }

  function itemName(id) {
    var item = catalog && catalog.items.filter(function (i) { return i.id === id; })[0];
    return item ? I18n.name(item) : "#" + id;
  }

  renderers.scenario = function () {
    if (!state.guide) return;
    var s = currentNode().scenario;
    $("#scenario-title").textContent = txt(s.title);
    $("#scenario-answers").textContent = answered().join(" › ");
    var served = servedItems(s);
    var items = clear($("#scenario-items"));
    s.items.forEach(function (item) {
      var here = served.indexOf(item.id) >= 0;
      items.appendChild(el("li", { className: here ? "" : "elsewhere" }, [
        el("span", { text: I18n.name(item) }),
        here ? null : el("small", { text: " " + t("scenario.notHere") }),
      ]));
    });
    var materials = clear($("#scenario-materials"));
    s.materials.forEach(function (m) { materials.appendChild(el("li", { text: txt(m) })); });
    var precautions = clear($("#scenario-precautions"));
    s.precautions.forEach(function (p) { precautions.appendChild(el("li", { text: txt(p) })); });
    $("#scenario-elsewhere").hidden = served.length > 0;
    $("[data-action='guide-take']").hidden = served.length === 0;
    renderPriority();
  };

  /* Take a ticket for each item of the scenario served here, then the guide paper. */
  function guideTake(withTickets) {
    if (state.busy || !state.guide) return;
    var scenario = currentNode().scenario;
    var items = withTickets ? servedItems(scenario) : [];
    var base = newKey();
    var priority = state.priority;
    var attempt = function () {
      busy(true);
      var tickets = [], failures = [];
      var chain = Promise.resolve();
      items.forEach(function (id) {
        chain = chain.then(function () {
          return request("POST", "/api/v1/centers/" + cfg.centerId + "/tickets",
                         { item_id: id, priority: priority, kiosk_id: printKiosk }, base + "-" + id)
            .then(function (ticket) { tickets.push(ticket); }, function (err) {
              if (err.network) throw err;
              failures.push({ item_id: id, err: err });
            });
        });
      });
      chain.then(function () {
        if (withTickets && !tickets.length) throw failures[0].err;
        return request("POST", "/api/v1/guides/" + encodeURIComponent(state.guide.id) + "/papers", {
          center_id: cfg.centerId, answers: state.path, lang: I18n.lang(), kiosk_id: printKiosk,
          ticket_tokens: tickets.map(function (x) { return x.token; }),
        }, base + "-paper");
      }).then(function (paper) {
        busy(false);
        state.tickets = tickets;
        state.failures = failures;
        state.paper = paper;
        show(tickets.length ? "ticket" : "paper");
      }, function (err) { busy(false); fail(err, attempt); });
    };
    attempt();
  }

  function guideBack() {
    if (!state.guide || !state.path.length) { show("guides"); return; }
    state.path.pop();
    showNode();
  }

  // The ticket.

  function windowsText(numbers) {
    if (!numbers || !numbers.length) return "";
    var runs = [], start = numbers[0], prev = numbers[0];
    numbers.slice(1).concat([null]).forEach(function (n) {
      if (n !== null && n === prev + 1) { prev = n; return; }
      runs.push(start === prev ? String(start) : start + "–" + prev);
      start = prev = n;
    });
    return t("ticket.windows", { w: runs.join(I18n.lang() === "en" ? ", " : "、") });
  }

  function timeText(iso) {
    try {
      return new Intl.DateTimeFormat(I18n.lang() === "en" ? "en-GB" : "zh-CN", {
        hour: "2-digit", minute: "2-digit", timeZone: (catalog && catalog.center.timezone) || undefined,
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
    var number = el("div", { className: "t-number", text: ticket.number });
    if (first) number.id = "ticket-number";
    var label = ticket.source === "reservation" ? t("ticket.reservation") : t("ticket.label");
    var token = encodeURIComponent(ticket.token);
    return el("article", { className: "ticket-card", "data-token": ticket.token }, [
      el("div", { className: "t-main" }, [
        el("div", { className: "t-center", text: I18n.name(ticket, "center_name") }),
        el("div", { className: "t-label", text: label }),
        number,
        el("div", { className: "t-item", text: I18n.name(ticket, "item_name") }),
        el("div", { className: "t-windows", text: windowsText(ticket.windows) }),
        el("dl", { className: "t-facts" }, [
          el("div", {}, [el("dt", { text: t("ticket.ahead.label") }), el("dd", { className: "t-ahead", text: t("ticket.ahead", { n: ticket.ahead }) })]),
          el("div", {}, [el("dt", { text: t("ticket.wait.label") }), el("dd", { className: "t-wait", text: waitText(ticket) })]),
          el("div", {}, [el("dt", { text: t("ticket.issued") }), el("dd", { className: "t-issued", text: timeText(ticket.issued_at) })]),
        ]),
        ticket.priority !== "normal" ? el("div", { className: "t-priority", text: t("priority." + ticket.priority) }) : null,
      ]),
      el("div", { className: "t-codes" }, [
        el("figure", { className: "qr" }, [
          el("img", { alt: "QR", src: "/kiosk/t/" + token + "/qr.svg" }),
          el("figcaption", { text: t("ticket.qr") }),
        ]),
        el("img", { className: "barcode", alt: "Code128 " + ticket.token, src: "/kiosk/t/" + token + "/barcode.svg" }),
      ]),
    ]);
  }

  function paperCard(paper) {
    return el("div", { className: "paper-inner" }, [
      el("img", { className: "paper-qr", alt: "QR", src: "/kiosk/paper/" + encodeURIComponent(paper.token) + "/qr.svg" }),
      el("div", {}, [
        el("h2", { text: t("paper.heading") }),
        el("p", { text: txt(paper.content.scenario.title) }),
        el("p", { className: "subtle", text: t("paper.scan") }),
      ]),
    ]);
  }

  function printerTrouble() { return !!(cfg.kioskId && TROUBLE[cfg.printer]); }

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
      cards.appendChild(el("article", { className: "ticket-card paper-slot" }, [paperCard(state.paper)]));
    }
    cards.className = "ticket-cards count-" + Math.min(cards.children.length, 3);
    var failures = $("#ticket-failures");
    failures.hidden = !state.failures.length;
    failures.textContent = state.failures.map(function (f) {
      return t("ticket.failed", { item: itemName(f.item_id), why: errorText(f.err).text });
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

  // Errors as a screen a resident can read; "try again" repeats the same request (same key).

  var KNOWN_ERRORS = {
    center_closed: true, no_window_serves: true, already_checked_in: true, rate_limited: true,
  };

  function errorText(err, context) {
    if (err.network) return { title: t("error.network.title"), text: t("error.network"), retry: true };
    var code = err.code;
    if (code === "not_found" && context === "reservation") code = "unknown_code";
    if (code === "conflict" && context === "reservation") code = "booking_conflict";
    if (KNOWN_ERRORS[code] || code === "unknown_code" || code === "booking_conflict") {
      return { title: t("error." + code + ".title"), text: t("error." + code), detail: err.message,
               retry: code === "rate_limited" };
    }
    return { title: t("error.other.title"), text: t("error.other"), detail: err.message,
             retry: err.status >= 500 };
  }

  function fail(err, retry, context) {
    state.error = { err: err, context: context };
    state.retry = retry;
    show("error");
  }

  renderers.error = function () {
    if (!state.error) return;
    var e = errorText(state.error.err, state.error.context);
    $("#error-title").textContent = e.title;
    $("#error-text").textContent = e.text;
    $("#error-detail").textContent = I18n.lang() === "en" || !e.text ? (e.detail || "") : "";
    $("[data-action='retry']").hidden = !(e.retry && state.retry);
  };

  // Idle: back home after cfg.idleSeconds without a touch; the last seconds are counted down.

  function secondsLeft() { return Math.ceil(cfg.idleSeconds - (Date.now() - lastTouch) / 1000); }

  function tick() {
    if (state.screen !== "home" && !state.busy && secondsLeft() <= 0) idleReset();
    else idleNote();
  }

  function idleNote() {
    var left = secondsLeft();
    $("#idle-note").textContent = state.screen !== "home" && left <= 10
      ? t("idle.soon", { s: Math.max(left, 0) }) : "";
  }

  function clock() {
    try {
      $("#clock").textContent = new Intl.DateTimeFormat(I18n.lang() === "en" ? "en-GB" : "zh-CN", {
        month: "numeric", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit",
        timeZone: (catalog && catalog.center.timezone) || "Asia/Shanghai",
      }).format(new Date());
    } catch (e) { $("#clock").textContent = ""; }
  }

  // A scanner on the home screen: fast keystrokes ending with Enter are a booking code.

  var scan = { text: "", at: 0 };

  function onKeydown(e) {
    lastTouch = Date.now();
    var target = e.target;
    if (target && target.id === "reservation-code") {
      if (e.key === "Enter") { e.preventDefault(); checkIn(); }
      return;
    }
    if (target && target.id === "item-search") {
      setTimeout(function () { state.query = target.value; renderers.take(); }, 0);
      return;
    }
    var now = Date.now();
    if (now - scan.at > 500) scan.text = "";
    scan.at = now;
    if (e.key === "Enter") {
      if (scan.text.length >= 4 && (state.screen === "home" || state.screen === "reservation")) {
        $("#reservation-code").value = scan.text.toUpperCase();
        show("reservation");
        checkIn(scan.text);
      }
      scan.text = "";
    } else if (e.key && e.key.length === 1 && /[0-9A-Za-z]/.test(e.key)) {
      scan.text += e.key;
    }
  }

  // Taps.

  function onClick(e) {
    var target = e.target.closest("button");
    if (!target || target.disabled) return;
    if (target.dataset.lang) { I18n.set(target.dataset.lang, false); render(); return; }
    if (target.dataset.field) { state.field = target.dataset.field; renderers.take(); return; }
    if (target.dataset.item) { chooseItem(Number(target.dataset.item)); return; }
    if (target.dataset.priority) { state.priority = target.dataset.priority; renderPriority(); return; }
    if (target.dataset.guide) { openGuide(target.dataset.guide); return; }
    if (target.dataset.option) { state.path.push(Number(target.dataset.option)); showNode(); return; }
    switch (target.dataset.action) {
      case "take": needCatalog(function () { show("take"); }); break;
      case "reservation": show("reservation"); break;
      case "guide": needCatalog(function () { show("guides"); }); break;
      case "home": case "done": goHome(); break;
      case "back": show("take"); break;
      case "search-clear": $("#item-search").value = ""; state.query = ""; renderers.take(); break;
      case "confirm-take": takeTicket(); break;
      case "check-in": checkIn(); break;
      case "guide-back": guideBack(); break;
      case "guide-take": guideTake(true); break;
      case "guide-paper": guideTake(false); break;
      case "retry": if (state.retry) state.retry(); break;
    }
  }

  function onEvent(name, payload) {
    if (name === "device.status" && cfg.kioskId && payload.device_id === cfg.kioskId) {
      cfg.printer = (payload.status || {}).printer || cfg.printer;
      render();
    }
    if (name === "center.notice" && catalog) {
      catalog.center.notice = payload.notice || payload.text || "";
      render();
    }
  }

  function goFullscreen() {
    if (navigator.webdriver || document.fullscreenElement || !document.documentElement.requestFullscreen) return;
    document.documentElement.requestFullscreen().catch(function () { /* the kiosk browser decides */ });
  }

  function start() {
    I18n.init(T, cfg.defaultLang);
    var fromUrl = new URLSearchParams(location.search).get("lang");
    I18n.set(fromUrl === "en" || fromUrl === "zh" ? fromUrl : cfg.defaultLang, false);
    I18n.onChange(function () { render(); clock(); });
    buildKeyboard($("#search-keyboard"), KEYBOARD_ROWS, onSearchKey);
    var alphabet = cfg.codeAlphabet || "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    var rows = [];
    for (var i = 0; i < alphabet.length; i += 7) rows.push(alphabet.slice(i, i + 7));
    buildKeyboard($("#code-keypad"), rows, onCodeKey);
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKeydown);
    ["pointerdown", "touchstart"].forEach(function (type) {
      document.addEventListener(type, function () { lastTouch = Date.now(); goFullscreen(); }, { passive: true });
    });
    document.addEventListener("contextmenu", function (e) { e.preventDefault(); });
    $("#item-search").addEventListener("input", function (e) { state.query = e.target.value; renderers.take(); });
    setInterval(tick, 1000);
    setInterval(clock, 10000);
    clock();
    show("home");
    loadCatalog();
    if (window.io && window.HallLive) {
      HallLive.connect({
        centerId: cfg.centerId,
        onSnapshot: function () { loadCatalog(); },
        onEvent: onEvent,
      });
    }
    window.Kiosk = { state: function () { return state; }, config: cfg };
  }

  start();
})();
