// The statistics dashboard: one Chart.js chart per figure, drawn when the figures arrive
// (htmx loads them after the page); the same numbers are in the table under each chart.
(function () {
  "use strict";
  var kinds = { reports_by_month: "line", losses_by_country: "bar", rescues_by_status: "doughnut",
                compounds_by_status: "doughnut", released_by_country: "bar" };
  var palette = ["#12355b", "#b45309", "#047857", "#9b1c1c", "#6b21a8", "#0e7490", "#4d7c0f",
                 "#be185d", "#374151"];
  function draw() {
    var source = document.getElementById("charts-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var named = document.getElementById("charts-names");
    var names = named ? JSON.parse(named.textContent) : {};  // labels in the page's language
    document.querySelectorAll("canvas[data-chart]:not([data-drawn])").forEach(function (canvas) {
      var key = canvas.dataset.chart;
      var values = data[key] || {};
      var round = kinds[key] === "doughnut";
      var own = names[key] || {};
      new Chart(canvas, {
        type: kinds[key],
        data: {
          labels: Object.keys(values).map(function (k) { return own[k] || k; }),
          datasets: [{ data: Object.values(values), borderColor: round ? "#fff" : "#12355b",
                       backgroundColor: round ? palette : "#12355b", fill: false }]
        },
        options: { maintainAspectRatio: false, animation: false,
                   plugins: { legend: { display: round } },
                   scales: round ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      canvas.dataset.drawn = "yes";
    });
    var figures = document.getElementById("figures");
    if (figures) { figures.removeAttribute("aria-busy"); }
  }
  document.body.addEventListener("htmx:afterSettle", draw);
  draw();
})();
