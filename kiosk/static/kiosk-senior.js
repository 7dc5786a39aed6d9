/* The kiosk: senior mode (适老化). Larger type, higher contrast, fewer choices per
 * screen (take a number or check in; no search keyboard; one item a row), and each screen's
 * prompt spoken by the browser's speech engine where it has a voice for the language.
 * Turned on by its button on the home screen (or ?senior=1); off again after the idle reset. */
(function (K) {
  "use strict";
  var $ = K.$;
  var t = K.t;
  var spoken = null;

  function speak(text) {
    var synth = window.speechSynthesis;
    if (!synth || !text || typeof SpeechSynthesisUtterance === "undefined") return;
    var u = new SpeechSynthesisUtterance(text);
    u.lang = I18n.lang() === "en" ? "en-US" : "zh-CN";
    u.rate = 0.85;  /* slower, for older ears */
    synth.cancel();
    synth.speak(u);
    window.__kioskSaid = (window.__kioskSaid || []).concat([text]);
  }

  function set(on) {
    document.documentElement.classList.toggle("senior-mode", on);
    var button = $("#senior-toggle");
    button.setAttribute("aria-pressed", String(on));
    spoken = null;
    if (on) K.onShow(K.state.screen);
    else if (window.speechSynthesis) window.speechSynthesis.cancel();
  }

  function on() { return document.documentElement.classList.contains("senior-mode"); }

  K.onShow = function (screen) {
    if (!on() || screen === spoken) return;
    spoken = screen;
    var key = "say." + screen;
    speak(t(key) === key ? "" : t(key));
  };
  K.senior = set;

  $("#senior-toggle").addEventListener("click", function () { set(!on()); });
  if (new URLSearchParams(location.search).get("senior") === "1") set(true);
})(window.Kiosk);
