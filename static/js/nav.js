// Loaded in <head> on every page of ours.
// 1. The top menu folds behind one button on a phone (see app.css): the page is drawn
//    folded from the start; without script the menu simply stays open.
// 2. A wide table that scrolls sideways can be scrolled from the keyboard too: its wrapper
//    takes the focus (WCAG 2.1.1).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".menu-toggle");
  if (button) {
    var bar = button.closest(".topbar");
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
    }
  });
});
