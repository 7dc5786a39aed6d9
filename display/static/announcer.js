/* Calls announced aloud: a chime (WebAudio), then the call in Chinese, then in English.
 *
 * Announcer.create({key}) -> {say(call), enabled(), setEnabled(on), onChange(fn)}
 * call = {number: "A012", window: 7, recall: true|false}
 * Announcements queue up and never overlap. Voice is on unless ?voice=off or the board's
 * toggle turned it off (remembered in localStorage). Every announcement is also kept in
 * window.__announcements (text and time), which is what the tests look at.
 */
(function (global) {
  "use strict";

  var DIGITS_ZH = "零一二三四五六七八九";

  /* "A012" -> "A 零 一 二": digits one by one, so nobody hears "twelve" for 012. */
  function spell(number, lang) {
    return String(number).split("").map(function (ch) {
      if (lang === "zh" && ch >= "0" && ch <= "9") return DIGITS_ZH[+ch];
      return ch;
    }).join(" ");
  }

  function texts(call) {
    var zh = "请 " + spell(call.number, "zh") + " 号，到 " + call.window + " 号窗口办理";
    var en = "Number " + spell(call.number, "en") + ", please go to window " + call.window + ".";
    if (call.recall) {
      zh = "再次呼叫，" + zh;
      en = "Calling again. " + en;
    }
    return { zh: zh, en: en };
  }

  function create(opts) {
    var key = "qms.voice." + (opts.key || "board");
    var fromUrl = new URLSearchParams(global.location.search).get("voice");
    if (fromUrl === "off" || fromUrl === "on") global.Store.local.set(key, fromUrl);
    var on = global.Store.local.get(key) !== "off";
    var queue = [];
    var busy = false;
    var audio = null;
    var listeners = [];
    global.__announcements = global.__announcements || [];

    function context() {
      var Ctx = global.AudioContext || global.webkitAudioContext;
      if (!audio && Ctx) { try { audio = new Ctx(); } catch (e) { audio = null; } }
      return audio;
    }

    function locked() {
      var ctx = context();
      return !!ctx && ctx.state === "suspended";
    }

    function unlock() {
      var ctx = context();
      if (ctx && ctx.state === "suspended") ctx.resume();
      listeners.forEach(function (fn) { fn(); });
    }

    /* A two-tone "ding-dong". */
    function chime(done) {
      var ctx = context();
      if (!ctx) { done(); return; }
      try {
        if (ctx.state === "suspended") ctx.resume();
        [[880, 0], [660, 0.42]].forEach(function (tone) {
          var osc = ctx.createOscillator();
          var gain = ctx.createGain();
          var t = ctx.currentTime + tone[1];
          osc.type = "sine";
          osc.frequency.value = tone[0];
          gain.gain.setValueAtTime(0.0001, t);
          gain.gain.exponentialRampToValueAtTime(0.5, t + 0.03);
          gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.8);
          osc.connect(gain).connect(ctx.destination);
          osc.start(t);
          osc.stop(t + 0.85);
        });
      } catch (e) { /* no sound card: the words still follow */ }
      global.setTimeout(done, 1300);
    }

    function voiceFor(lang) {
      var voices = global.speechSynthesis.getVoices() || [];
      var prefix = lang.toLowerCase();
      return voices.filter(function (v) { return v.lang.toLowerCase().indexOf(prefix) === 0; })[0]
        || voices.filter(function (v) {
          return v.lang.toLowerCase().indexOf(prefix.split("-")[0]) === 0;
        })[0] || null;
    }

    function speak(text, lang, done) {
      if (!("speechSynthesis" in global)) { done(); return; }
      var finished = false;
      function end() { if (!finished) { finished = true; done(); } }
      try {
        var u = new global.SpeechSynthesisUtterance(text);
        u.lang = lang;
        u.rate = 0.9;
        var voice = voiceFor(lang);
        if (voice) u.voice = voice;
        u.onend = end;
        u.onerror = end;
        global.speechSynthesis.speak(u);
      } catch (e) { end(); return; }
      /* Some engines never say they finished: move on after a generous while. */
      global.setTimeout(end, 2500 + text.length * 180);
    }

    function next() {
      if (busy || !queue.length) return;
      busy = true;
      var call = queue.shift();
      var t = texts(call);
      global.__announcements.push({ number: call.number, window: call.window,
        recall: !!call.recall, zh: t.zh, en: t.en, at: Date.now() });
      document.body.dataset.lastAnnouncement = t.zh + " / " + t.en;
      chime(function () {
        speak(t.zh, "zh-CN", function () {
          speak(t.en, "en-US", function () { busy = false; next(); });
        });
      });
    }

    return {
      say: function (call) {
        if (!on) return;
        queue.push(call);
        next();
      },
      enabled: function () { return on; },
      setEnabled: function (value) {
        on = !!value;
        global.Store.local.set(key, on ? "on" : "off");
        if (!on) {
          queue = [];
          if ("speechSynthesis" in global) global.speechSynthesis.cancel();
        }
      },
      locked: locked,
      unlock: unlock,
      onUnlock: function (fn) { listeners.push(fn); },
      texts: texts,
    };
  }

  global.Announcer = { create: create, texts: texts };
})(window);
