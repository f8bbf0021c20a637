/* 【字号 大 中 小】【打印】 on an item's page. Without JavaScript the tools stay
   hidden: the browser's own zoom and print do the same. */
(function () {
  "use strict";
  var tools = document.querySelector(".item-tools");
  var text = document.querySelector(".rich-text");
  if (!tools || !text) { return; }
  tools.hidden = false;
  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-print")) { window.print(); return; }
    text.classList.remove("font-large", "font-medium", "font-small");
    text.classList.add("font-" + button.getAttribute("data-font-size"));
    tools.querySelectorAll("[data-font-size]").forEach(function (other) {
      other.setAttribute("aria-pressed", String(other === button));
    });
  });
}());
