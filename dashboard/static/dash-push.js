/* A center's live figures kept current by the hall's events, without asking again.
 *
 * Dash.push(live, name, payload) applies one event to the figures of GET /centers/{id}/live:
 * the lines (waiting in all, per group, per window, per item with its longest wait) from the
 * `line` the last message of each change carries, the window a ticket is called to or leaves,
 * and today's counts. It answers false when the figures need a fetch: any other change (a
 * window, a device, a no-show and its requeue, which the lists and alerts show: rare beside
 * calls), or a line for an item the figures do not name yet. Means and the hourly chart wait
 * for the half-minute refresh.
 */
(function (global) {
  "use strict";
  var MINUTE_MS = 60000;
  var COUNTS = { "ticket.issued": "issued", "ticket.completed": "served",
                 "ticket.transferred": "transferred" };
  var PUSHED = /^ticket\.(issued|called|recalled|started|completed|transferred|cancelled)$/;
  var LEAVES = /^ticket\.(completed|no_show|transferred|cancelled)$/;

  function minutesSince(iso, now) {
    return iso ? Math.max(0, (now - Date.parse(iso)) / MINUTE_MS) : null;
  }

  function applyLine(live, line, now) {
    var known = {};
    live.waiting_by_item.forEach(function (r) { known[r.item_id] = r; });
    var rows = [];
    var complete = true;
    line.all_by_item.forEach(function (r) {
      var row = known[r.item_id];
      if (!row) { complete = false; return; }
      row.waiting = r.waiting;
      row.longest_wait_minutes = minutesSince(r.first_issued_at, now);
      rows.push(row);
    });
    rows.sort(function (a, b) { return b.waiting - a.waiting; });
    live.waiting_by_item = rows;
    live.waiting_total = line.waiting_total;
    live.longest_wait_minutes = rows.reduce(function (m, r) {
      return m === null || r.longest_wait_minutes > m ? r.longest_wait_minutes : m;
    }, null);
    live.waiting_by_group = line.waiting_by_group;
    var perWindow = {};
    line.waiting_by_window.forEach(function (r) { perWindow[r.window_id] = r.waiting; });
    live.windows.forEach(function (w) { if (w.id in perWindow) w.waiting = perWindow[w.id]; });
    return complete;
  }

  function applyTicket(live, name, p) {
    var count = COUNTS[name];
    if (count) live.today[count] += 1;
    var w = live.windows.filter(function (x) { return x.id === p.ticket.window_id; })[0];
    if (!w) return;
    if (LEAVES.test(name)) {
      if (w.serving && w.serving.number === p.ticket.number) {
        w.serving = null;
        w.idle_since = p.at;
        w.idle_minutes = 0;
      }
    } else if (name === "ticket.called" || name === "ticket.started") {
      var t = p.ticket;
      w.serving = { number: t.number, item_id: t.item_id, item: t.item_name,
                    item_en: t.item_name_en, state: t.state,
                    since: t.started_at || t.called_at, minutes: 0,
                    expected_minutes: w.serving && w.serving.number === t.number
                      ? w.serving.expected_minutes : null, overrun: false };
    }
  }

  function push(live, name, p) {
    if (!live || !p) return true;
    if (typeof p.seq !== "number") return true;
    if (!PUSHED.test(name) || !p.ticket) return false;
    applyTicket(live, name, p);
    var complete = p.line ? applyLine(live, p.line, Date.now()) : true;
    live.seq = p.seq;
    return complete;
  }

  global.Dash.push = push;
})(window);
