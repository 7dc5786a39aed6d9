/* The one way pages talk to the server over HTTP: JSON in and out.
 *
 * QmsApi.request(method, path, {body, token, idempotencyKey, timeoutMs, raw, contentType})
 *   -> Promise of the JSON answer (null for 204). `raw` (a File, Blob or string) is sent as it
 *   is, as `contentType`, instead of a JSON `body` (an uploaded file).
 * QmsApi.download(path, {token}) -> Promise of {blob, filename} for a file answer (a CSV),
 *   the filename taken from Content-Disposition when the server names one.
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

  function parse(response) {
    return response.text().then(function (text) {
      try { return text ? JSON.parse(text) : {}; } catch (e) { return {}; }
    });
  }

  /* The response of one exchange; an answer that is not 2xx rejects with the API's words. */
  function exchange(method, path, opts, accept) {
    var headers = { Accept: accept, "Accept-Language": global.I18n ? global.I18n.lang() : "zh" };

    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    if (opts.raw !== undefined) headers["Content-Type"] = opts.contentType || "application/octet-stream";
    if (opts.token) headers.Authorization = "Bearer " + opts.token;
    if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
    var abort = opts.timeoutMs && global.AbortController ? new AbortController() : null;
    var timer = abort ? setTimeout(function () { abort.abort(); }, opts.timeoutMs) : null;
    return global.fetch(url(path), {
      method: method, headers: headers, cache: "no-store",
      body: opts.raw !== undefined ? opts.raw
        : opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: abort ? abort.signal : undefined,
    }).then(function (r) {
      if (r.ok) return r;
      return parse(r).then(function (data) { throw failure(r.status, data, r.statusText); });
    }, function (cause) {
      throw failure(0, null, String((cause && cause.message) || cause));
    }).finally(function () {
      if (timer) clearTimeout(timer);
    });
  }

  function request(method, path, options) {
    return exchange(method, path, options || {}, "application/json").then(function (r) {
      return r.status === 204 ? null : parse(r);
    });
  }

  function download(path, options) {
    return exchange("GET", path, options || {}, "*/*").then(function (r) {
      var named = /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "");
      return r.blob().then(function (blob) {
        return { blob: blob, filename: named ? named[1] : null };
      });
    });
  }

  global.QmsApi = { request: request, download: download, url: url };
})(window);
