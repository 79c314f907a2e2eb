// Activity tick-list: "tick everyone", the default hours shown in each empty box, and a live
// count of people and hours on the save button.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("training-activity");
    if (!form) return;
    var hoursInput = form.querySelector("input[name=hours]");
    var summary = form.querySelector("[data-tick-summary]");
    var boxes = form.querySelectorAll("input[name=ids]");
    function hoursOf(box) {
      var own = form.querySelector("#hours-" + box.value);
      var raw = (own && own.value) || (hoursInput && hoursInput.value) || "0";
      return parseFloat(String(raw).replace(",", ".")) || 0;
    }
    function update() {
      if (hoursInput) {
        form.querySelectorAll("input[data-hours]").forEach(function (i) { i.placeholder = hoursInput.value; });
      }
      if (!summary) return;
      var n = 0, h = 0;
      boxes.forEach(function (b) { if (b.checked) { n += 1; h += hoursOf(b); } });
      summary.textContent = n ? "(" + n + " · " + (Math.round(h * 10) / 10) + " h)" : "";
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    form.querySelectorAll("input[data-hours]").forEach(function (i) { i.addEventListener("input", update); });
    if (hoursInput) hoursInput.addEventListener("input", update);
    var all = form.querySelector("[data-tick-all]");
    if (all) {
      all.addEventListener("click", function () {
        var every = Array.prototype.every.call(boxes, function (b) { return b.checked; });
        boxes.forEach(function (b) { b.checked = !every; });
        update();
      });
    }
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
