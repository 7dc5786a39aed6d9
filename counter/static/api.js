/* The REST API for the counter: JSON in and out, the bearer token of this tab.
 *
 * CounterApi.get(path) / .post(path, body) -> Promise of the JSON answer (null for 204).
 * A failure rejects with an Error whose .status is the HTTP status (0: no answer at all),
 * .code the API's error code and .message the API's message for a person.
 */
(function (global) {
  "use strict";
  var KEY = "qms.counter.token";

  function token() { return global.Store.session.get(KEY); }

  function setToken(value) { global.Store.session.set(KEY, value || null); }

  function request(method, path, body) {
    return global.QmsApi.request(method, path, { body: body, token: token() });
  }

  global.CounterApi = {
    get: function (path) { return request("GET", path); },
    post: function (path, body) { return request("POST", path, body || {}); },
    token: token,
    setToken: setToken,
  };
})(window);
