// The GB/T 19580 radar: this year's and the previous year's share of each category's points.
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("quality-radar");
    if (!box || !window.echarts) { return; }
    var data = JSON.parse(box.getAttribute("data-radar"));
    var chart = window.echarts.init(box);
    chart.setOption({
      legend: { bottom: 0 },
      radar: { indicator: data.categories.map(function (name) { return { name: name, max: 100 }; }), radius: "60%" },
      series: [{ type: "radar", data: data.series.map(function (s) { return { name: s.name, value: s.values }; }) }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
