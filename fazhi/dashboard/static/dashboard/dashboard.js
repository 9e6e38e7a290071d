// Draws the dashboard's month-by-month charts from the data the page carries in
// <script id="dashboard-data" type="application/json"> (no inline script: the site is headed
// for a strict Content-Security-Policy).
(function () {
  "use strict";

  // One colour per indicator; its previous year is the same colour, dashed and faint, so a
  // reader pairs the two lines without consulting the legend.
  var COLOURS = ["#1f4e8c", "#c0392b", "#2e8b57", "#b8860b", "#6a3d9a", "#17808a"];

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    // Canvas text does not inherit CSS: give ECharts the page's CJK-capable font stack.
    var font = window.getComputedStyle(document.body).fontFamily;
    var charts = [];
    data.charts.forEach(function (chart) {
      var element = document.getElementById(chart.id);
      if (!element) {
        return;
      }
      var instance = window.echarts.init(element, null, { renderer: "canvas" });
      instance.setOption({
        textStyle: { fontFamily: font },
        animation: false,
        title: { text: chart.title + "逐月趋势", left: 10, top: 6, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" },
        legend: { top: 30, left: 10, right: 10, type: "scroll" },
        grid: { left: 44, right: 16, top: 72, bottom: 28 },
        xAxis: { type: "category", data: data.months, boundaryGap: false },
        yAxis: { type: "value", minInterval: 1 },
        series: chart.series.map(function (s) {
          var colour = COLOURS[chart.keys.indexOf(s.key) % COLOURS.length];
          return {
            name: s.name,
            type: "line",
            data: s.data,
            symbolSize: 5,
            color: colour,
            connectNulls: false,
            // The previous year is the faint, dashed comparison line.
            lineStyle: { type: s.current ? "solid" : "dashed", opacity: s.current ? 1 : 0.6 },
            itemStyle: { opacity: s.current ? 1 : 0.6 },
          };
        }),
      });
      charts.push(instance);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) {
        c.resize();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
