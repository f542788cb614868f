// Trend charts of the year and council-term pages: one small line per figure, drawn into the
// box named by its id, from the data the page gives in a json_script.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("trend-data");
    if (!source || !window.echarts) { return; }
    var charts = [];
    JSON.parse(source.textContent).forEach(function (spec) {
      var box = document.getElementById(spec.id);
      if (!box) { return; }
      var chart = window.echarts.init(box);
      chart.setOption({
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " " + spec.unit; } },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: spec.years, boundaryGap: false },
        yAxis: { type: "value", splitNumber: 3 },
        series: [{ name: spec.name, type: "line", data: spec.values, smooth: true, areaStyle: { opacity: 0.15 } }]
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
