/* The one way pages talk to the REST API: JSON in and out.
 *
 * QmsApi.request(method, path, {body, token, idempotencyKey, timeoutMs})
 *   -> Promise of the JSON answer (null for 204).
 * A path starting with "/api/" or another root ("/kiosk/...") is used as it is; any other
 * path is under /api/v1. A failure rejects with an Error whose .status is the HTTP status
 * (0 and .network = true when no answer came), .code the API's error code, .message the
 * API's message for a person and .data the whole answer.
 */
(function (global) {
  "use strict";

  function url(path) {
    return /^\/(api|kiosk|book|t|display|counter|pad|dashboard)\b/.test(path) || /^https?:/.test(path)
      ? path : "/api/v1" + path;
  }

  function failure(status, data, fallback) {
    var err = new Error((data && data.message) || fallback || ("HTTP " + status));
    err.status = status;
    err.network = status === 0;
    err.code = (data && data.error) || (status === 0 ? "network" : "");
    err.data = data || {};
    return err;
  }

  function request(method, path, options) {
    var opts = options || {};
    var headers = { Accept: "application/json" };
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    if (opts.token) headers.Authorization = "Bearer " + opts.token;
    if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
    var abort = opts.timeoutMs && global.AbortController ? new AbortController() : null;
    var timer = abort ? setTimeout(function () { abort.abort(); }, opts.timeoutMs) : null;
    return global.fetch(url(path), {
      method: method, headers: headers, cache: "no-store",
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: abort ? abort.signal : undefined,
    }).then(function (r) {
      if (r.status === 204) return null;
      return r.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
        if (!r.ok) throw failure(r.status, data, r.statusText);
        return data;
      });
    }, function (cause) {
      throw failure(0, null, String((cause && cause.message) || cause));
    }).finally(function () {
      if (timer) clearTimeout(timer);
    });
  }

  global.QmsApi = { request: request, url: url };
})(window);
