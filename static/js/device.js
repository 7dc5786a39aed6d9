/* A device's own bearer token (kiosk, pad), given once in its address and kept.
 *
 * Set a device up by opening its page once with ?device=TOKEN (the token that
 * `qms device create` prints). The page keeps the token in local storage (store.js), takes it out of
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
      global.Store.local.set(key, given);
      url.searchParams.delete("device");
      global.history.replaceState(null, "", url.pathname + url.search + url.hash);
      return given;
    }
    return global.Store.local.get(key);
  }

  global.QmsDevice = { token: token };
})(window);
