// Charts of the indicator dashboard (Chart.js, vendored). The data comes from the
// json_script element "indicator-chart-data"; no inline script (strict CSP).
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("indicator-chart-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var select = document.getElementById("chart-indicator");
    var childCanvas = document.getElementById("chart-children");
    var trendCanvas = document.getElementById("chart-trend");
    var charts = [];

    function label(code) {
      for (var i = 0; i < data.indicators.length; i++) {
        if (data.indicators[i].code === code) {
          var ind = data.indicators[i];
          return ind.name + " (" + ind.unit + ")";
        }
      }
      return code;
    }

    function render(code) {
      charts.forEach(function (c) { c.destroy(); });
      charts = [];
      if (childCanvas) {
        charts.push(new window.Chart(childCanvas, {
          type: "bar",
          data: {
            labels: data.children,
            datasets: [{ label: label(code), data: data.values[code], backgroundColor: "#c8102e" }]
          },
          options: {
            indexAxis: data.children.length > 8 ? "y" : "x",
            responsive: true,
            plugins: { legend: { display: false }, title: { display: true, text: label(code) } }
          }
        }));
      }
      if (trendCanvas) {
        charts.push(new window.Chart(trendCanvas, {
          type: "line",
          data: {
            labels: data.years,
            datasets: [{ label: label(code), data: data.trend[code], borderColor: "#c8102e", tension: 0.2 }]
          },
          options: { responsive: true, plugins: { legend: { display: false }, title: { display: true, text: label(code) } } }
        }));
      }
    }

    var first = select && select.value ? select.value : (data.indicators[0] || {}).code;
    if (!first) {
      return;
    }
    render(first);
    if (select) {
      select.addEventListener("change", function () { render(select.value); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
