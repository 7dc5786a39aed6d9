/* /book/guide: the same funnel guide as the kiosk, on a phone. Answer its questions
 * (format, scene, situation) to reach a scenario: the precise items, the materials and the
 * precautions; then book one of its items. The answers live in the address (#g=id&a=0,2),
 * so the back button steps back one question. */
(function () {
  "use strict";
  var el = Dom.el;
  var body = document.getElementById("guide-body");
  var guides = null;
  var trees = {};
  var items = {};

  function state() {
    var h = new URLSearchParams(location.hash.slice(1));
    var answers = (h.get("a") || "").split(",").filter(function (x) { return x !== ""; }).map(Number);
    return { guide: h.get("g"), answers: answers };
  }

  function go(guide, answers) {
    var h = new URLSearchParams();
    if (guide) h.set("g", guide);
    if (answers && answers.length) h.set("a", answers.join(","));
    location.hash = h.toString();
  }

  function title(g) { return Phone.text(g.title || g.name || g); }

  function list() {
    body.innerHTML = "";
    guides.forEach(function (g) {
      body.appendChild(el("a", { class: "row", href: "#g=" + encodeURIComponent(g.id), "data-guide": g.id }, [
        el("span", { class: "title", text: title(g) }),
        el("span", { class: "sub", text: Phone.text(g.summary || "") }),
      ]));
    });
  }

  function nodeAt(tree, answers) {
    var node = tree;
    for (var i = 0; i < answers.length; i++) {
      var option = node && node.options && node.options[answers[i]];
      if (!option) return null;
      node = option.node;
    }
    return node;
  }

  function question(g, node, answers) {
    body.innerHTML = "";
    body.appendChild(el("p", { class: "muted", text: title(g) }));
    body.appendChild(el("h2", { class: "question", text: Phone.text(node.question) }));
    node.options.forEach(function (option, index) {
      body.appendChild(el("a", {
        class: "row option", href: "#g=" + encodeURIComponent(g.id) + "&a=" + answers.concat([index]).join(","),
      }, [el("span", { class: "title", text: Phone.text(option.label) })]));
    });
    if (answers.length) {
      body.appendChild(el("button", {
        type: "button", class: "secondary", text: I18n.t("guide.previous"),
        onclick: function () { go(g.id, answers.slice(0, -1)); },
      }));
    }
  }

  function scenario(g, node, answers) {
    var s = node.scenario;
    body.innerHTML = "";
    body.appendChild(el("h2", { text: Phone.text(s.title) }));
    var ids = s.item_ids || [];
    var box = el("div", { class: "card" }, [el("h3", { text: I18n.t("guide.items") })]);
    ids.forEach(function (id) {
      var it = items[id];
      var name = it ? I18n.name(it) : "#" + id;
      box.appendChild(el("a", {
        class: "button wide", href: "/book/#item=" + id, "data-book-item": id,
        onclick: function () {
          Store.session.setJson("phone.scenario", {
            item_ids: ids, materials: s.materials || [], precautions: s.precautions || [],
          });
        },
      }, [I18n.t("guide.book", { name: name })]));
    });
    body.appendChild(box);
    var materials = el("ul", { class: "checklist plain" });
    (s.materials || []).forEach(function (m) { materials.appendChild(el("li", { text: Phone.text(m) })); });
    body.appendChild(el("div", { class: "card" }, [el("h3", { text: I18n.t("item.materials") }), materials]));
    if ((s.precautions || []).length) {
      var pre = el("ul", { class: "plain" });
      s.precautions.forEach(function (p) { pre.appendChild(el("li", { text: Phone.text(p) })); });
      body.appendChild(el("div", { class: "card" }, [el("h3", { text: I18n.t("item.precautions") }), pre]));
    }
    body.appendChild(el("button", {
      type: "button", class: "secondary", text: I18n.t("guide.previous"),
      onclick: function () { go(g.id, answers.slice(0, -1)); },
    }));
  }

  function render() {
    if (!guides) return;
    var s = state();
    var g = guides.filter(function (x) { return String(x.id) === s.guide; })[0];
    if (!g) { list(); return; }
    var tree = trees[g.id];
    if (!tree) {
      body.textContent = I18n.t("loading");
      Phone.api("GET", "/guides/" + encodeURIComponent(g.id)).then(function (full) {
        trees[g.id] = full.tree || full.root || full;
        render();
      }).catch(function (error) { body.textContent = Phone.explain(error); });
      return;
    }
    var node = nodeAt(tree, s.answers);
    if (!node) { go(g.id, []); return; }
    if (node.scenario) scenario(g, node, s.answers);
    else question(g, node, s.answers);
    body.dataset.depth = String(s.answers.length);
    window.scrollTo(0, 0);
  }

  Phone.start();
  window.addEventListener("hashchange", render);
  I18n.onChange(render);
  Promise.all([Phone.api("GET", "/guides"), Phone.api("GET", "/booking/items")])
    .then(function (answers) {
      guides = Array.isArray(answers[0]) ? answers[0] : (answers[0].guides || []);
      answers[1].forEach(function (it) { items[it.id] = it; });
      render();
    })
    .catch(function () {
      document.getElementById("guide-missing").hidden = false;
    });
})();
