// Register list: "select all" for the rows' checkboxes, and the bulk form shows only the fields
// of the chosen action. Loaded from 'self' (CSP); works on rows swapped in by htmx.
"use strict";

document.addEventListener("change", function (event) {
  const all = event.target.closest("[data-select-all]");
  if (!all) {
    return;
  }
  const name = all.getAttribute("data-select-all");
  document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
    box.checked = all.checked;
  });
});

(function () {
  const form = document.getElementById("bulk-form");
  if (!form) {
    return;
  }
  const action = form.querySelector("[data-bulk-action]");
  function sync() {
    form.querySelectorAll("[data-bulk-for]").forEach(function (field) {
      const wrapper = field.closest(".sohoi-bulk-field") || field;
      wrapper.hidden = field.getAttribute("data-bulk-for") !== action.value;
    });
  }
  if (action) {
    action.addEventListener("change", sync);
    sync();
  }
})();
