// giamngheo: small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Forms that change the register irreversibly ask once before sending (data-confirm="question").
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  // Filters: choosing a commune reloads the list so that its villages can be offered.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => {
      const village = select.form.querySelector("select[name=village]");
      if (village) {
        village.value = "";
      }
      select.form.requestSubmit();
    });
  });

  // Long work (an import checks every row before writing): say so and stop a second click sending it twice.
  document.querySelectorAll("form[data-busy-text]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.busyText;
        button.setAttribute("aria-busy", "true");
      }
    });
  });

  // After a refused submit, move focus to the summary of errors so that screen readers read it first.
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
});
