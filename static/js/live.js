/* The hall, live: one Socket.IO connection to /hall that never shows a stale hall.
 *
 * HallLive.connect({centerId, windowId, kioskId, token, onSnapshot, onEvent, onStatus})
 * - on every (re)connect it asks for a snapshot and hands it to onSnapshot;
 * - each event carries the center's seq: a duplicate is dropped, a gap triggers a snapshot;
 * - onStatus("online" | "offline") drives the banner that says the server is lost.
 * The client reconnects by itself, with backoff, forever (a server restart included).
 */
(function (global) {
  "use strict";

  function connect(opts) {
    var lastSeq = null;
    var auth = { center_id: opts.centerId };
    if (opts.windowId) auth.window_id = opts.windowId;
    if (opts.kioskId) { auth.kiosk_id = opts.kioskId; auth.token = opts.token; }
    var socket = global.io("/hall", {
      auth: auth,
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      timeout: 8000,
    });

    /* Events that arrive while a snapshot is on its way are held, then applied after it
     * (those it already covers are dropped), so the page never goes back to an older hall. */
    var asked = 0;
    var held = null;

    function snapshot() {
      var mine = ++asked;
      held = held || [];
      socket.timeout(8000).emit("snapshot", {}, function (err, snap) {
        if (mine !== asked) return;
        if (err || !snap) {
          if (socket.connected) setTimeout(function () { if (mine === asked) snapshot(); }, 1000);
          return;
        }
        var later = held;
        held = null;
        lastSeq = snap.seq;
        if (opts.onSnapshot) opts.onSnapshot(snap);
        later.sort(function (a, b) { return a[1].seq - b[1].seq; });
        later.forEach(function (e) { deliver(e[0], e[1]); });
      });
    }

    function deliver(name, payload) {
      if (held) { held.push([name, payload]); return; }
      if (lastSeq !== null && payload.seq <= lastSeq) return;
      if (lastSeq !== null && payload.seq > lastSeq + 1) {
        snapshot();
        held.push([name, payload]);
        return;
      }
      lastSeq = payload.seq;
      if (opts.onEvent) opts.onEvent(name, payload);
    }

    function status(state) {
      if (opts.onStatus) opts.onStatus(state);
      var banner = document.getElementById("offline-banner");
      if (banner) banner.hidden = state === "online";
      document.documentElement.dataset.connection = state;
    }

    socket.on("connect", function () { status("online"); snapshot(); });
    socket.on("disconnect", function () { status("offline"); });
    socket.on("connect_error", function () { status("offline"); });
    socket.onAny(function (name, payload) {
      if (!payload || typeof payload.seq !== "number") {
        if (opts.onEvent) opts.onEvent(name, payload || {});
        return;
      }
      deliver(name, payload);
    });
    return { socket: socket, snapshot: snapshot, lastSeq: function () { return lastSeq; } };
  }

  global.HallLive = { connect: connect };
})(window);
