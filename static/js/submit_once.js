/* A form that changes something is sent once: after the first submit its
 * buttons are disabled, and a second submit (a double click, Enter pressed
 * twice) is ignored. The server does not rely on it: each such form carries a
 * one-time token, and a second request with it replays the first answer
 * (garage/kernel/once.py). A page brought back with the Back button is usable
 * again.
 */
(function () {
  "use strict";

  function buttons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelector("input[name=form_token]")) return;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "true";
    // After this turn: a button disabled now would leave the data being sent.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      buttons(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
