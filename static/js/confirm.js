// Asks before a button or form changes something: <button data-confirm="…"> or
// <form data-confirm="…">. Inline handlers (onclick="return confirm(…)") are blocked by our
// Content Security Policy, so this one static script does it for every page.
(function () {
  "use strict";
  // A click on a confirming button: ask; cancel stops the submission.
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (!target || target.tagName === "FORM") {
      return;
    }
    if (!window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    // The button already asked: the form's own question (if any) is not asked twice.
    if (target.form) {
      target.form.setAttribute("data-confirmed", "1");
    }
  }, true);
  // A confirming form, submitted by any means (Enter in a field, a plain button).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-confirm")) {
      return;
    }
    if (form.getAttribute("data-confirmed") === "1") {
      form.removeAttribute("data-confirmed");
      return;
    }
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // Read-only inputs that select their text on click (e.g. a calendar address to copy).
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.hasAttribute && target.hasAttribute("data-select-on-click")) {
      target.select();
    }
  });
})();
