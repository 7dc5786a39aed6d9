/* Chinese and English for every page, switched without a reload.
 *
 * I18n.init(catalog) with catalog = {zh: {key: text}, en: {key: text}} (each surface keeps
 * its own catalog beside its templates). The language comes from ?lang=, then the saved
 * choice, then the page's default. Elements with data-i18n="key" get their text replaced;
 * data-i18n-placeholder does the same for placeholders. I18n.t(key, {n: 3}) fills {n}.
 */
(function (global) {
  "use strict";
  var catalog = { zh: {}, en: {} };
  var lang = "zh";
  var listeners = [];

  function pick(defaultLang) {
    var fromUrl = new URLSearchParams(global.location.search).get("lang");
    if (fromUrl === "zh" || fromUrl === "en") return fromUrl;
    var saved = global.Store.local.get("qms.lang");
    if (saved === "zh" || saved === "en") return saved;
    return defaultLang || document.documentElement.lang || "zh";
  }

  function t(key, vars) {
    var text = (catalog[lang] && catalog[lang][key]) || (catalog.zh && catalog.zh[key]) || key;
    if (vars) {
      Object.keys(vars).forEach(function (k) { text = text.split("{" + k + "}").join(vars[k]); });
    }
    return text;
  }

  function apply(root) {
    (root || document).querySelectorAll("[data-i18n]").forEach(function (el) {
      el.textContent = t(el.dataset.i18n);
    });
    (root || document).querySelectorAll("[data-i18n-placeholder]").forEach(function (el) {
      el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder));
    });
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }

  function set(next, remember) {
    lang = next === "en" ? "en" : "zh";
    if (remember !== false) global.Store.local.set("qms.lang", lang);
    apply();
    listeners.forEach(function (fn) { fn(lang); });
  }

  /* A name in the current language from an object with name / name_en. */
  function name(obj, field) {
    field = field || "name";
    if (!obj) return "";
    return lang === "en" ? (obj[field + "_en"] || obj[field]) : (obj[field] || obj[field + "_en"]);
  }

  global.I18n = {
    init: function (cat, defaultLang) { catalog = cat; set(pick(defaultLang), false); },
    t: t,
    set: set,
    name: name,
    lang: function () { return lang; },
    onChange: function (fn) { listeners.push(fn); },
    apply: apply,
  };
})(window);
