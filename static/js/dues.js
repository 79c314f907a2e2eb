// Dues tick-list: "tick every unpaid member" and a live count and total on the save button.
(function () {
  "use strict";
  function fmt(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " đ";
  }
  function init() {
    var form = document.getElementById("dues-ticklist");
    if (!form) return;
    var amountInput = form.querySelector("input[name=amount]");
    var summary = form.querySelector("[data-dues-tick-summary]");
    var boxes = form.querySelectorAll("input[name=ids]");
    function update() {
      if (!summary) return;
      var n = 0;
      boxes.forEach(function (b) { if (b.checked) n += 1; });
      var amount = parseInt(amountInput && amountInput.value, 10) || 0;
      summary.textContent = n ? "(" + n + " · " + fmt(n * amount) + ")" : "";
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    if (amountInput) amountInput.addEventListener("input", update);
    var all = form.querySelector("[data-dues-tick-all]");
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
