// Small enhancements; every page works without them (plain forms, post-redirect-get).
// 1. An error summary takes the focus, so keyboard and screen-reader users land on it.
// 2. A text area with a length limit says how much room is left, politely.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
  var areas = document.querySelectorAll("textarea[maxlength][data-left]");
  Array.prototype.forEach.call(areas, function (area) {
    var note = document.createElement("p");
    note.className = "govuk-hint";
    note.id = area.id + "-left";
    note.setAttribute("aria-live", "polite");
    var template = area.getAttribute("data-left");
    var update = function () {
      var left = Number(area.getAttribute("maxlength")) - area.value.length;
      note.textContent = template.replace("{n}", String(left));
    };
    area.insertAdjacentElement("afterend", note);
    area.addEventListener("input", update);
    update();
  });
})();
