/* The kiosk (3 of 5): the guide funnel: guides, then questions (format, scene, situation),
 * then the scenario, its tickets and its guide paper. */
(function (K) {
  "use strict";
  var cfg = K.config, state = K.state, renderers = K.renderers, $ = K.$, t = K.t, txt = K.txt,
      el = Dom.el, clear = Dom.clear;

  // The funnel: guides, then questions (format, scene, situation), then the scenario.

  renderers.guides = function () {
    var list = clear($("#guide-list"));
    var guides = (K.catalog && K.catalog.guides) || [];
    guides.forEach(function (g) {
      list.appendChild(el("button", { type: "button", class: "choice", "data-guide": g.id }, [
        el("span", { class: "choice-title", text: txt(g.title) }),
        el("span", { class: "choice-hint", text: txt(g.summary) }),
      ]));
    });
    if (!guides.length) list.appendChild(el("p", { class: "empty", text: t("guides.none") }));
  };

  function openGuide(id) {
    if (state.busy) return;
    K.busy(true);
    K.request("GET", "/api/v1/guides/" + encodeURIComponent(id) + "?center_id=" + cfg.centerId).then(function (guide) {
      K.busy(false);
      state.guide = guide;
      state.path = [];
      showNode();
    }, function (err) { K.busy(false); K.fail(err, function () { openGuide(id); }); });
  }

  function currentNode() {
    var node = state.guide.tree;
    state.path.forEach(function (i) { node = node.options[i].node; });
    return node;
  }

  function showNode() { K.show(currentNode().scenario ? "scenario" : "question"); }

  renderers.question = function () {
    if (!state.guide) return;
    var node = currentNode();
    $("#question-guide").textContent = txt(state.guide.title);
    var steps = clear($("#steps"));
    ["format", "scene", "situation"].forEach(function (s, i) {
      steps.appendChild(el("li", { class: s === node.step ? "current" : "", text: (i + 1) + " " + t("step." + s) }));
    });
    $("#question-text").textContent = txt(node.question);
    var options = clear($("#question-options"));
    node.options.forEach(function (o, i) {
      options.appendChild(el("button", { type: "button", class: "choice", "data-option": String(i) }, [
        el("span", { class: "choice-title", text: txt(o.label) }),
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
      return K.catalog && K.catalog.items.some(function (i) { return i.id === id; });
    });
  }

  function itemName(id) {
    var item = K.catalog && K.catalog.items.filter(function (i) { return i.id === id; })[0];
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
      items.appendChild(el("li", { class: here ? "" : "elsewhere" }, [
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
    K.renderPriority();
  };

  /* Take a ticket for each item of the scenario served here, then the guide paper. */
  function guideTake(withTickets) {
    if (state.busy || !state.guide) return;
    var scenario = currentNode().scenario;
    var items = withTickets ? servedItems(scenario) : [];
    var base = K.newKey();
    var priority = state.priority;
    var attempt = function () {
      K.busy(true);
      var tickets = [], failures = [];
      var chain = Promise.resolve();
      items.forEach(function (id) {
        chain = chain.then(function () {
          return K.request("POST", "/api/v1/centers/" + cfg.centerId + "/tickets",
                         { item_id: id, priority: priority, kiosk_id: K.printKiosk }, base + "-" + id)
            .then(function (ticket) { tickets.push(ticket); }, function (err) {
              if (err.network) throw err;
              failures.push({ item_id: id, err: err });
            });
        });
      });
      chain.then(function () {
        if (withTickets && !tickets.length) throw failures[0].err;
        return K.request("POST", "/api/v1/guides/" + encodeURIComponent(state.guide.id) + "/papers", {
          center_id: cfg.centerId, answers: state.path, lang: I18n.lang(), kiosk_id: K.printKiosk,
          ticket_tokens: tickets.map(function (x) { return x.token; }),
        }, base + "-paper");
      }).then(function (paper) {
        K.busy(false);
        state.tickets = tickets;
        state.failures = failures;
        state.paper = paper;
        K.show(tickets.length ? "ticket" : "paper");
      }, function (err) { K.busy(false); K.fail(err, attempt); });
    };
    attempt();
  }

  function guideBack() {
    if (!state.guide || !state.path.length) { K.show("guides"); return; }
    state.path.pop();
    showNode();
  }

  K.guideBack = guideBack;
  K.guideTake = guideTake;
  K.itemName = itemName;
  K.openGuide = openGuide;
  K.showNode = showNode;
})(window.Kiosk);
