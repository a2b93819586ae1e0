// Draws the dashboard's charts from the JSON the page carries (#chart-data); each chart's
// numbers are also in the table beside it. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#b71c1c", "#e57373", "#f9a825", "#2e7d32", "#1565c0", "#6a1b9a", "#00838f", "#795548"];
  var charts = [];

  function option(kind, series, colors) {
    if (kind === "pie") {
      return {
        color: colors || palette,
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], data: series, label: { formatter: "{b}\n{c}" } }]
      };
    }
    if (kind === "stack") {
      return {
        color: colors || palette,
        tooltip: { trigger: "axis" },
        legend: { bottom: 0 },
        grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
        xAxis: { type: "category", data: series.categories, axisLabel: { interval: 0, rotate: series.categories.length > 6 ? 30 : 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: series.series.map(function (s) { return { name: s.name, type: "bar", stack: "all", data: s.data }; })
      };
    }
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: series.map(function (d) { return d.name; }), axisLabel: { interval: 0, rotate: series.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: series.map(function (d) { return d.value; }), label: { show: true, position: "top" } }]
    };
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var series = data[el.getAttribute("data-chart")];
    if (!series) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    var colors = el.getAttribute("data-colors");
    chart.setOption(option(el.getAttribute("data-kind"), series, colors ? colors.split(",") : null));
    el.setAttribute("data-drawn", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
