// Fund forms: amounts get thousands dots as they are typed ("1.234.567"); the donor form shows
// only the fields of the chosen kind (person or organisation). Loaded from 'self' (CSP).
"use strict";

(function () {
  function groupDigits(value) {
    const digits = value.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  document.querySelectorAll("input[data-money]").forEach(function (input) {
    input.addEventListener("input", function () {
      const before = input.value;
      const after = groupDigits(before);
      if (after !== before) {
        input.value = after;
      }
    });
  });

  const kind = document.querySelector("select[name='kind']");
  if (!kind) {
    return;
  }
  function wrapperOf(name) {
    const field = document.querySelector("[name='" + name + "']");
    return field ? field.closest(".mb-2") : null;
  }
  function sync() {
    const person = kind.value === "person";
    ["person"].forEach(function (n) {
      const w = wrapperOf(n);
      if (w) { w.hidden = !person; }
    });
    ["name", "organisation_kind"].forEach(function (n) {
      const w = wrapperOf(n);
      if (w) { w.hidden = person; }
    });
  }
  kind.addEventListener("change", sync);
  sync();
})();
