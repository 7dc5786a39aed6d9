/* A waiting ticket's line, followed from the hall's events alone (docs/design.md,
 * "People ahead"): no request per event.
 *
 * Line.follow(line) takes the `line` of GET /tickets/{token}?line=1: the ticket's own
 * place, the places of every ticket competing with it, the center's maximum wait and the
 * estimate's figures. Every event that puts a ticket into a line (issued, requeued, the new
 * ticket of a transfer) carries its place; every event that takes one out (called,
 * cancelled, transferred) names it. The people ahead are the competitors that sort before
 * the ticket in the dispatch order at the instant asked (server/tickets/dispatch.py,
 * `_sort_key`): the same set, the same order, so the same count as the server's.
 * Instants are integer microseconds, compared exactly.
 */
(function (global) {
  "use strict";

  var MINUTE_US = 60000000;

  function sortKey(p, nowUs, cutoffUs) {
    var starving = p.queued_us <= cutoffUs;
    var begun = p.from_us !== null && p.from_us !== undefined && p.from_us <= nowUs;
    var klass = starving ? 0 : begun ? 1
      : (p.source === "transfer" || p.source === "follow_up") ? 2
      : p.priority !== "normal" ? 3 : 4;
    return [klass, begun && !starving ? p.from_us : p.queued_us, p.queued_us, p.id];
  }

  function before(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) return a[i] < b[i];
    }
    return false;
  }

  function follow(line) {
    var me = line.me;
    var items = {};
    line.items.forEach(function (id) { items[id] = true; });
    var others = {};

    function competes(p) {
      return p.id !== me.id && !!items[p.item_id] && (p.target_window_id === null ||
        (me.target_window_id !== null && p.target_window_id === me.target_window_id));
    }
    function add(p) { if (p && competes(p)) others[p.id] = p; }
    line.others.forEach(add);

    /* Apply one hall event; true when it may have moved this line. */
    function apply(name, payload) {
      var gone = payload.ticket && payload.ticket.id;
      switch (name) {
        case "ticket.issued":
        case "ticket.requeued":
          add(payload.place);
          return true;
        case "ticket.transferred":
          delete others[gone];
          add(payload.new_place);
          return true;
        case "ticket.called":
        case "ticket.cancelled":
          delete others[gone];
          return true;
        default:
          return false;
      }
    }

    function ahead(nowUs) {
      var cutoff = nowUs - line.max_wait_minutes * MINUTE_US;
      var mine = sortKey(me, nowUs, cutoff);
      var n = 0;
      Object.keys(others).forEach(function (id) {
        if (before(sortKey(others[id], nowUs, cutoff), mine)) n += 1;
      });
      return n;
    }

    /* Minutes to wait, as the server's estimate says: none while no window is open. */
    function wait(aheadCount) {
      if (!line.open_windows) return null;
      return Math.ceil(aheadCount * line.minutes_each / line.open_windows);
    }

    return { apply: apply, ahead: ahead, wait: wait };
  }

  global.Line = { follow: follow, sortKey: sortKey };
})(typeof window !== "undefined" ? window : globalThis);
