// sohoi's own small scripts. Loaded from 'self' only: the CSP forbids inline scripts.
"use strict";

// <form data-confirm="..."> asks before submitting (revoking a role or a token).
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// <button data-copy="#id"> copies the text of the element #id (a newly issued API token).
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) {
    return;
  }
  const source = document.querySelector(button.getAttribute("data-copy"));
  if (source) {
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.classList.add("btn-success");
    });
  }
});

// A form folded in a <details> that comes back with errors is shown open, its errors in sight
// (a refused form keeps what was typed; a folded one would hide why it was refused).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details").forEach(function (box) {
    if (box.querySelector(".invalid-feedback, .alert-danger, .is-invalid")) {
      box.open = true;
    }
  });
});
