/* The satisfaction pad beside a window. It rests; when its window completes a service it
 * asks for a rating (five faces), asks why when the rating is low, thanks, and rests again. */
(function () {
  "use strict";

  var body = document.body;
  var windowId = +body.dataset.windowId;
  var LOW = +body.dataset.lowScore;
  var ASK_MS = 60000;      /* nobody tapped: rest again, nothing stored */
  var WHY_MS = 30000;      /* no reason chosen: store the score without one */
  var THANKS_MS = 4000;
  var deviceToken = QmsDevice.token("pad");

  I18n.init(window.PAD_TEXT, body.dataset.lang);

  var asking = null;   /* {id, number} of the service being rated */
  var score = null;
  var timer = null;

  function step(name, ms, then) {
    ["rest", "ask", "why", "thanks"].forEach(function (s) {
      document.getElementById(s).hidden = s !== name;
    });
    body.dataset.step = name;
    clearTimeout(timer);
    if (ms) timer = setTimeout(then, ms);
  }

  function rest() {
    asking = null;
    score = null;
    step("rest");
  }

  function ask(id, number) {
    asking = { id: id, number: number };
    score = null;
    document.getElementById("ask-ticket").textContent = number ? I18n.t("ticket", { n: number }) : "";
    step("ask", ASK_MS, rest);
  }

  function send(reason) {
    var chosen = score;
    var shown = asking ? asking.id : null;
    step("thanks", THANKS_MS, rest);
    QmsApi.request("POST", "/windows/" + windowId + "/ratings", {
      body: { score: chosen, reason: reason || "", ticket_id: shown }, token: deviceToken,
    })
      .then(function (r) { body.dataset.stored = r.ticket_number + ":" + r.score; },
            function (err) { body.dataset.stored = "refused:" + (err.status || 0); });
  }

  document.querySelectorAll(".pd-score").forEach(function (b) {
    b.addEventListener("click", function () {
      if (!asking) return;
      score = +b.dataset.score;
      if (score <= LOW) step("why", WHY_MS, function () { send(""); });
      else send("");
    });
  });
  document.querySelectorAll(".pd-reason").forEach(function (b) {
    b.addEventListener("click", function () { send(b.dataset.reason); });
  });
  document.getElementById("skip").addEventListener("click", function () { send(""); });

  /* The clerk holding the window: name, staff number, and a photo placeholder (initial). */
  function loadClerk() {
    QmsApi.request("GET", "/windows/" + windowId + "/clerk").then(function (c) {
      document.getElementById("clerk").hidden = !c.name;
      document.getElementById("clerk-name").textContent = c.name || "";
      document.getElementById("clerk-no").textContent = c.staff_no || "";
      document.getElementById("clerk-photo").textContent = (c.name || "").charAt(0);
    }, function () { /* asked again on the next snapshot */ });
  }

  function showServing(ticket) {
    var box = document.getElementById("serving");
    box.hidden = !ticket;
    document.getElementById("serving-number").textContent = ticket ? ticket.number : "";
  }

  /* After (re)connecting: a service that ended moments ago may still be waiting for its rating. */
  function checkPending() {
    if (body.dataset.step !== "rest") return;
    QmsApi.request("GET", "/windows/" + windowId + "/ratings/pending").then(function (p) {
      if (p.pending && body.dataset.step === "rest") ask(p.ticket_id, p.ticket_number);
    }, function () { /* asked again on the next reconnect */ });
  }

  function onSnapshot(snap) {
    var w = snap.windows.filter(function (x) { return x.id === windowId; })[0];
    showServing(w && w.current_ticket);
    loadClerk();
    checkPending();
  }

  function onEvent(name, p) {
    if (name === "window.changed" && p.window && p.window.id === windowId) loadClerk();
    if (!p.ticket || p.ticket.window_id !== windowId) return;
    /* The next resident is called: the question about the previous service ends now, so a
     * tap cannot land on the wrong service. */
    if (name === "ticket.called" && body.dataset.step !== "thanks") rest();
    if (name === "ticket.completed") {
      showServing(null);
      ask(p.ticket.id, p.ticket.number);
    } else if (name === "ticket.called" || name === "ticket.started") {
      showServing(p.ticket);
    } else if (name === "ticket.no_show" || name === "ticket.transferred") {
      showServing(null);
    }
  }

  rest();
  HallLive.connect({ centerId: +body.dataset.centerId, windowId: windowId,
                     onSnapshot: onSnapshot, onEvent: onEvent });
})();
