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
