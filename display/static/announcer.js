/* Calls announced aloud: a chime (WebAudio), then the call in Chinese, then in English.
 *
 * The voice: clips shipped with the board (display/static/voice/{zh,en}/*.ogg, made by
 * `python -m display.make_voice`), played word by word, so every board speaks both
 * languages offline; where a board cannot play them, the browser's speech engine; where
 * neither is there, engine() says "none" and the board shows it.
 *
 * Announcer.create({key}) -> {say(call), enabled(), setEnabled(on), engine(), ...}
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

  var CLIPS = "/display/static/voice/";

  /* A window number as words: 7 -> 七, 12 -> 十二, 25 -> 二十五 (digit by digit from 100). */
  function windowZh(n) {
    if (n < 10) return [String(n)];
    if (n < 20) return ["ten"].concat(n % 10 ? [String(n % 10)] : []);
    if (n < 100) return [String(Math.floor(n / 10)), "ten"].concat(n % 10 ? [String(n % 10)] : []);
    return String(n).split("");
  }

  /* 7 -> seven, 12 -> twelve, 25 -> twenty five. */
  function windowEn(n) {
    if (n < 10) return [String(n)];
    if (n < 20) return ["n" + n];
    if (n < 100) return ["n" + Math.floor(n / 10) * 10].concat(n % 10 ? [String(n % 10)] : []);
    return String(n).split("");
  }

  /* The clips that say a call, in order: {zh: [...], en: [...]}. */
  function clips(call) {
    var chars = String(call.number).toLowerCase().split("");
    var again = call.recall ? ["again"] : [];
    return {
      zh: again.concat(["please"], chars, ["number", "go_to"], windowZh(+call.window),
                       ["window", "handle"]),
      en: again.concat(["number"], chars, ["please_go_to_window"], windowEn(+call.window)),
    };
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

    /* Which voice this board has: the clips, the browser's engine, or none. */
    var engine = (function () {
      var probe = global.Audio ? new global.Audio() : null;
      if (probe && probe.canPlayType && probe.canPlayType('audio/ogg; codecs="opus"')) return "clips";
      return "speechSynthesis" in global ? "speech" : "none";
    })();

    function playClips(lang, names, done, failed) {
      var i = 0;
      (function step() {
        if (i >= names.length) { done(); return; }
        var clip = new global.Audio(CLIPS + lang + "/" + names[i++] + ".ogg");
        var gone = false;
        function fail() { if (!gone) { gone = true; failed(); } }
        clip.onended = step;
        clip.onerror = fail;
        var playing = clip.play();
        if (playing && playing.catch) playing.catch(fail);
      })();
    }

    /* One language of a call: its clips, or the speech engine when a clip cannot play. */
    function say(text, lang, names, done) {
      var speechLang = lang === "zh" ? "zh-CN" : "en-US";
      if (engine !== "clips") { speak(text, speechLang, done); return; }
      playClips(lang, names, done, function () {
        engine = "speechSynthesis" in global ? "speech" : "none";
        listeners.forEach(function (fn) { fn(); });
        speak(text, speechLang, done);
      });
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
      var c = clips(call);
      global.__announcements.push({ number: call.number, window: call.window,
        recall: !!call.recall, zh: t.zh, en: t.en, clips: c, engine: engine, at: Date.now() });
      document.body.dataset.lastAnnouncement = t.zh + " / " + t.en;
      chime(function () {
        say(t.zh, "zh", c.zh, function () {
          say(t.en, "en", c.en, function () { busy = false; next(); });
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
      engine: function () { return engine; },
      unlock: unlock,
      onUnlock: function (fn) { listeners.push(fn); },
      texts: texts,
      clips: clips,
    };
  }

  global.Announcer = { create: create, texts: texts, clips: clips };
})(window);
