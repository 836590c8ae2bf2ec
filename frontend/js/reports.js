// Draws each chart on a report page with Chart.js (static/casework/chart.umd.min.js, loaded first).
//
// The page embeds each chart's figures with Django's json_script, next to an empty <canvas> in a hidden
// wrapper: <div data-chart="chart-KEY" hidden><canvas role="img" aria-label="..."></canvas></div>, and
// <script type="application/json" id="chart-KEY">{"kind", "labels", "axis", "series": [{"label",
// "percent", "data"}]}</script>. Those are the same figures as the table under the chart, which is the
// report without JavaScript; this file only unhides the wrapper and draws. No inline script.

(function () {
  "use strict";

  var Chart = window.Chart;
  if (!Chart) return;

  // GOV.UK Frontend colours, in an order where neighbours are easy to tell apart.
  var COLOURS = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#28a197", "#d53880", "#505a5f"];
  var TEXT = "#0b0c0c";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function percentTicks(value) {
    return value + "%";
  }

  function wholeNumbers(series) {
    return series.every(function (s) {
      return s.data.every(function (v) {
        return v === null || Number.isInteger(v);
      });
    });
  }

  function config(figures) {
    var stacked = figures.kind === "stacked-bar";
    var type = figures.kind === "line" ? "line" : "bar";
    var percents = figures.series.filter(function (s) {
      return s.percent;
    });
    var counts = figures.series.filter(function (s) {
      return !s.percent;
    });
    // Counts and percentages together: percentages on their own axis, on the right, as lines.
    var mixed = percents.length > 0 && counts.length > 0;
    var datasets = figures.series.map(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      var dataset = {
        label: s.label,
        data: s.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: type === "line" ? 3 : 0,
        // A month on its own between gaps is only a point: make it big enough to see.
        pointRadius: 4,
        yAxisID: s.percent && mixed ? "percent" : "y",
      };
      if (s.percent && mixed && type === "bar") {
        dataset.type = "line";
        dataset.borderWidth = 3;
        dataset.order = -1;
      }
      return dataset;
    });
    var onlyPercent = percents.length > 0 && counts.length === 0;
    var scales = {
      x: { stacked: stacked, title: { display: true, text: figures.axis, color: TEXT }, ticks: { color: TEXT } },
      y: {
        stacked: stacked,
        beginAtZero: true,
        ticks: { color: TEXT },
      },
    };
    if (onlyPercent) {
      scales.y.max = 100;
      scales.y.ticks.callback = percentTicks;
    } else if (wholeNumbers(counts)) {
      scales.y.ticks.precision = 0;
    }
    if (mixed) {
      scales.percent = {
        position: "right",
        beginAtZero: true,
        max: 100,
        grid: { drawOnChartArea: false },
        ticks: { color: TEXT, callback: percentTicks },
      };
    }
    return {
      type: type,
      data: { labels: figures.labels, datasets: datasets },
      options: {
        responsive: true,
        aspectRatio: window.innerWidth < 641 ? 1.2 : 2.5,
        animation: reduceMotion ? false : { duration: 400 },
        scales: scales,
        plugins: {
          legend: { display: figures.series.length > 1, labels: { color: TEXT } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var s = figures.series[item.datasetIndex];
                var value = item.raw === null ? "no figure" : item.raw + (s.percent ? "%" : "");
                return s.label + ": " + value;
              },
            },
          },
        },
      },
    };
  }

  function draw(wrapper) {
    var source = document.getElementById(wrapper.getAttribute("data-chart"));
    var canvas = wrapper.querySelector("canvas");
    if (!source || !canvas) return;
    var figures = JSON.parse(source.textContent);
    wrapper.hidden = false;
    wrapper.style.position = "relative";
    new Chart(canvas, config(figures));
  }

  // The page's own font (GOV.UK Frontend sets it on its text classes, not on <body>).
  var text = document.querySelector(".govuk-body, .govuk-table") || document.body;
  var font = window.getComputedStyle(text).fontFamily;
  if (font) Chart.defaults.font.family = font;
  Chart.defaults.color = TEXT;
  document.querySelectorAll("[data-chart]").forEach(draw);
})();
