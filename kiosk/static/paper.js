/* The guide paper's print button (a script file: the CSP refuses inline handlers). */
(function () {
  "use strict";
  document.querySelectorAll("[data-action=print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
