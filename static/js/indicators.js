// Charts of the indicator dashboard (Chart.js, vendored). The data comes from the
// json_script element "indicator-chart-data"; no inline script (strict CSP).
// A province has ~100 child units: instead of one bar per unit, the N highest and the N lowest
// (all of them, sorted, when there are at most 2N).
(function () {
  "use strict";

  var RED = "#c8102e";
  var GREY = "#6c757d";

  function draw() {
    var source = document.getElementById("indicator-chart-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var select = document.getElementById("chart-indicator");
    var nSelect = document.getElementById("chart-n");
    var topCanvas = document.getElementById("chart-top");
    var bottomCanvas = document.getElementById("chart-bottom");
    var trendCanvas = document.getElementById("chart-trend");
    var locale = document.documentElement.lang || "vi";
    var charts = [];

    function indicator(code) {
      for (var i = 0; i < data.indicators.length; i++) {
        if (data.indicators[i].code === code) {
          return data.indicators[i];
        }
      }
      return { code: code, name: code, unit: "" };
    }

    function label(code) {
      var ind = indicator(code);
      return ind.name + " (" + ind.unit + ")";
    }

    function text(key, n) {
      return data.text[key].replace("%(n)s", String(n));
    }

    function bars(canvas, rows, title, colour) {
      canvas.parentElement.hidden = false;
      // About 1.6rem a bar, so that every unit's name has its own line.
      canvas.parentElement.style.height = Math.max(10, rows.length * 1.6 + 4) + "rem";
      return new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map(function (r) { return r.name; }),
          datasets: [{ data: rows.map(function (r) { return r.value; }), backgroundColor: colour }]
        },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          locale: locale,
          plugins: { legend: { display: false }, title: { display: true, text: title } },
          scales: {
            y: {
              ticks: {
                autoSkip: false,
                // Long unit names cut, the whole name in the tooltip.
                callback: function (value) {
                  var name = this.getLabelForValue(value);
                  return name.length > 28 ? name.slice(0, 27) + "…" : name;
                }
              }
            }
          }
        }
      });
    }

    function render(code) {
      charts.forEach(function (c) { c.destroy(); });
      charts = [];
      var n = nSelect ? parseInt(nSelect.value, 10) : 10;
      if (topCanvas) {
        var values = data.values[code] || [];
        var rows = [];
        for (var i = 0; i < data.children.length; i++) {
          if (values[i] !== null && values[i] !== undefined) {
            rows.push({ name: data.children[i], value: values[i] });
          }
        }
        rows.sort(function (a, b) { return b.value - a.value; });
        var unitTitle = " — " + label(code);
        if (rows.length === 0) {
          topCanvas.parentElement.hidden = true;
          bottomCanvas.parentElement.hidden = true;
        } else if (rows.length <= 2 * n) {
          charts.push(bars(topCanvas, rows, text("all", rows.length) + unitTitle, RED));
          bottomCanvas.parentElement.hidden = true;
        } else {
          charts.push(bars(topCanvas, rows.slice(0, n), text("top", n) + unitTitle, RED));
          charts.push(bars(bottomCanvas, rows.slice(-n).reverse(), text("bottom", n) + unitTitle, GREY));
        }
      }
      if (trendCanvas) {
        charts.push(new window.Chart(trendCanvas, {
          type: "line",
          data: {
            labels: data.years,
            datasets: [{ label: label(code), data: data.trend[code], borderColor: RED, tension: 0.2 }]
          },
          options: {
            responsive: true,
            locale: locale,
            plugins: { legend: { display: false }, title: { display: true, text: label(code) } }
          }
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
    if (nSelect) {
      nSelect.addEventListener("change", function () { render(select ? select.value : first); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
