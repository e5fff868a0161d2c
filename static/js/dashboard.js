// Dashboards (reports/dashboard.html): Chart.js charts over the figures the page also prints as tables.
// The numbers and every label come from the server (json_script "dashboard-data"); this file only configures Chart.js.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const text = data.text;
  const locale = document.documentElement.lang === "en" ? "en" : "vi-VN";
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = (value) => `${number.format(value)} %`;
  const colours = { poor: "#8e1c1c", near_poor: "#d9a520" };
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.locale = locale;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#374151";
  if (reduceMotion) {
    Chart.defaults.animation = false;
  }

  const datasets = (block, kind) => [
    { label: text.poor, data: block.poor, backgroundColor: colours.poor, borderColor: colours.poor, ...kind },
    {
      label: text.near_poor,
      data: block.near_poor,
      backgroundColor: colours.near_poor,
      borderColor: colours.near_poor,
      ...kind,
    },
  ];

  // One chart on a canvas of the page, if the page has it and there is something to draw.
  const draw = (id, config) => {
    const canvas = document.getElementById(id);
    if (!canvas || config.data.labels.length === 0) {
      return;
    }
    new Chart(canvas, {
      ...config,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        ...config.options,
      },
    });
  };

  const rateAxis = (axis, title) => ({
    [axis]: { beginAtZero: true, title: { display: true, text: title }, ticks: { callback: percent } },
  });
  const rateTooltip = {
    tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${percent(item.raw)}` } },
    legend: { position: "bottom" },
  };

  draw("chart-series", {
    type: "line",
    data: { labels: data.series.labels, datasets: datasets(data.series, { tension: 0.2, pointRadius: 4 }) },
    options: { scales: rateAxis("y", text.poor_rate), plugins: rateTooltip },
  });
  draw("chart-ranking", {
    type: "bar",
    data: { labels: data.ranking.labels, datasets: datasets(data.ranking, {}) },
    options: { indexAxis: "y", scales: rateAxis("x", text.poor_rate), plugins: rateTooltip },
  });
  draw("chart-deprivations", {
    type: "bar",
    data: { labels: data.deprivations.labels, datasets: datasets(data.deprivations, {}) },
    options: {
      indexAxis: "y",
      scales: { x: { ...rateAxis("x", text.share).x, max: 100 } },
      plugins: rateTooltip,
    },
  });
  draw("chart-groups", {
    type: "bar",
    data: { labels: data.groups.labels, datasets: datasets(data.groups, {}) },
    options: {
      indexAxis: "y",
      scales: { x: { beginAtZero: true, title: { display: true, text: text.households }, ticks: { precision: 0 } } },
    },
  });
});
