/* A device's own bearer token (kiosk, pad), given once in its address and kept.
 *
 * Set a device up by opening its page once with ?device=TOKEN (the token that
 * `qms device create` prints). The page keeps the token in localStorage, takes it out of
 * the address bar (so it is not bookmarked, shown or sent on), and presents it on every
 * request afterwards. QmsDevice.token(kind) -> the token, or null when none was given.
 */
(function (global) {
  "use strict";

  function token(kind) {
    var key = "qms.device." + kind;
    var url = new URL(global.location.href);
    var given = url.searchParams.get("device");
    if (given) {
      try { global.localStorage.setItem(key, given); } catch (e) { /* private mode */ }
      url.searchParams.delete("device");
      global.history.replaceState(null, "", url.pathname + url.search + url.hash);
      return given;
    }
    try { return global.localStorage.getItem(key); } catch (e) { return null; }
  }

  global.QmsDevice = { token: token };
})(window);
