/* The one way pages build their nodes.
 *
 * Dom.el(tag, attrs, children...) -> a new element.
 *   attrs: text (its text), class, dataset ({key: value}), on<event> (a listener);
 *   any other key is an attribute: true gives an empty attribute, null, undefined and
 *   false leave it out.
 *   children: a node, a string or a number (a text node), or an array of these (nested
 *   arrays flattened, null and undefined skipped).
 * Dom.append(node, children) adds them; Dom.fill(node, children) replaces what was there;
 * Dom.clear(node) empties a node and returns it.
 */
(function (global) {
  "use strict";

  function append(node, child) {
    if (child === null || child === undefined || child === false) return node;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
      return node;
    }
    node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
    return node;
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "dataset") {
        Object.keys(value).forEach(function (d) { node.dataset[d] = value[d]; });
      } else if (key.slice(0, 2) === "on" && typeof value === "function") {
        node.addEventListener(key.slice(2), value);
      } else node.setAttribute(key, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function fill(node, children) { return append(clear(node), children); }

  global.Dom = { el: el, append: append, fill: fill, clear: clear };
})(window);
