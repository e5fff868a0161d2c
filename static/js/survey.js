// Phiếu A/B: score the form as it is typed (the server scores with the standards engine; nothing is stored).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("survey-form");
  const panel = document.getElementById("score-panel");
  if (!form || !panel) {
    return;
  }
  const status = document.getElementById("score-status");
  const points = document.getElementById("score-points");
  const reasons = document.getElementById("score-reasons");
  const mini = document.getElementById("score-mini");
  let timer = null;
  let sequence = 0;

  const show = (result) => {
    status.textContent = result.complete ? result.status_label : panel.dataset.incomplete || "Chưa đủ thông tin";
    if (mini) {
      mini.textContent = result.complete ? result.status_label : "";
    }
    points.textContent = result.score === null || result.score === undefined ? "" : `Điểm B1: ${result.score} / ngưỡng ${result.threshold}`;
    reasons.replaceChildren(
      ...[...(result.reasons || []), ...(result.missing || [])].map((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        return li;
      }),
    );
  };

  const score = () => {
    const mine = ++sequence;
    fetch(form.dataset.previewUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((result) => {
        if (result && mine === sequence) {
          show(result);
        }
      })
      .catch(() => {});
  };

  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(score, 150);
  });
  form.addEventListener("input", (event) => {
    if (event.target.tagName === "INPUT" && event.target.type === "text") {
      clearTimeout(timer);
      timer = setTimeout(score, 400);
    }
  });
});
