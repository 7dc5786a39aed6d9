/* Session and local storage that never throws.
 *
 * Store.session and Store.local each have get(key) -> string or null, set(key, value)
 * (null or undefined removes the key), remove(key), and getJson(key, fallback) /
 * setJson(key, value) for structured values. Where the browser refuses storage (private
 * mode, storage switched off) a value is kept in memory for the page's life instead.
 */
(function (global) {
  "use strict";

  function wrap(name) {
    var memory = {};

    function area() {
      try { return global[name] || null; } catch (e) { return null; }
    }

    function get(key) {
      if (Object.prototype.hasOwnProperty.call(memory, key)) return memory[key];
      var s = area();
      try { return s ? s.getItem(key) : null; } catch (e) { return null; }
    }

    function remove(key) {
      delete memory[key];
      var s = area();
      try { if (s) s.removeItem(key); } catch (e) { /* nothing kept there */ }
    }

    function set(key, value) {
      if (value === null || value === undefined) { remove(key); return; }
      var text = String(value);
      var s = area();
      try {
        if (s) { s.setItem(key, text); delete memory[key]; return; }
      } catch (e) { /* refused: memory below */ }
      memory[key] = text;
    }

    function getJson(key, fallback) {
      var text = get(key);
      if (text === null) return fallback;
      try { return JSON.parse(text); } catch (e) { return fallback; }
    }

    function setJson(key, value) { set(key, JSON.stringify(value)); }

    return { get: get, set: set, remove: remove, getJson: getJson, setJson: setJson };
  }

  global.Store = { session: wrap("sessionStorage"), local: wrap("localStorage") };
})(window);
