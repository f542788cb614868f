// Charts of the citizen-service figures: each drawn from the table beside it (json_script).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  function safe(text) { return echarts.format.encodeHTML(String(text)); }

  ready(function () {
    if (!window.echarts) return;
    var source = document.getElementById("figures-data");
    if (!source) return;
    var charts = [];
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

    function start(spec) {
      var node = document.getElementById(spec.id);
      if (!node) return null;
      var chart = echarts.init(node);
      charts.push(chart);
      return chart;
    }

    function valueAxis(spec) {
      var axis = { type: "value", minInterval: 1 };
      if (spec.percent) { axis.max = 100; axis.axisLabel = { formatter: "{value} %" }; }
      return axis;
    }

    function bars(spec, horizontal) {
      var chart = start(spec);
      if (!chart) return;
      var many = spec.series.length > 1;
      var labels = { type: "category", data: spec.labels, inverse: horizontal };
      if (!horizontal) labels.axisLabel = { interval: 0, width: 100, overflow: "break" };
      chart.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: many ? { top: 0, type: "scroll" } : undefined,
        grid: { left: 8, right: 32, top: many ? 32 : (horizontal ? 8 : 24), bottom: 8, containLabel: true },
        xAxis: horizontal ? valueAxis(spec) : labels,
        yAxis: horizontal ? labels : valueAxis(spec),
        series: spec.series.map(function (s) {
          return {
            name: s.name, type: "bar", stack: spec.stacked ? "all" : undefined, data: s.data,
            label: { show: !spec.stacked, position: horizontal ? "right" : "top" }
          };
        })
      });
    }

    function line(spec) {
      var chart = start(spec);
      if (!chart) return;
      var last = spec.series.length - 1;  // the total, drawn as a line over the tracks' bars
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0, type: "scroll" },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: spec.labels },
        yAxis: valueAxis(spec),
        series: spec.series.map(function (s, i) {
          return i === last && last > 0
            ? { name: s.name, type: "line", data: s.data, smooth: true }
            : { name: s.name, type: "bar", stack: "tracks", data: s.data };
        })
      });
    }

    function pie(spec) {
      var chart = start(spec);
      if (!chart) return;
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return safe(p.name + ": " + p.value + " (" + p.percent + "%)"); } },
        legend: { bottom: 0 },
        series: [{
          type: "pie", radius: ["40%", "70%"],
          data: spec.labels.map(function (name, i) { return { name: name, value: spec.series[0].data[i] }; })
        }]
      });
    }

    function map(spec) {
      var node = document.getElementById(spec.id);
      if (!node) return;
      fetch(node.dataset.geojson, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (geojson) {
          echarts.registerMap("shanghai", geojson);
          // Districts are matched by division code; the map knows them by their feature name.
          var featureName = {};
          geojson.features.forEach(function (f) { featureName[String(f.properties.adcode)] = f.properties.name; });
          var rows = [];
          spec.codes.forEach(function (code, i) {
            if (featureName[code]) rows.push({ name: featureName[code], value: spec.series[0].data[i], label: spec.labels[i] });
          });
          var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([1]));
          var chart = start(spec);
          chart.setOption({
            tooltip: { formatter: function (p) { return safe((p.data ? p.data.label : p.name) + ": " + (p.value || 0)); } },
            visualMap: { min: 0, max: max, calculable: true, left: 8, bottom: 8, inRange: { color: ["#e8f1fb", "#0b5cad"] } },
            series: [{
              type: "map", map: "shanghai", roam: false, data: rows,
              label: { show: true, fontSize: 10, formatter: function (p) { return p.data ? p.data.label : ""; } }
            }]
          });
        });
    }

    JSON.parse(source.textContent).forEach(function (spec) {
      if (spec.type === "bar") bars(spec, false);
      else if (spec.type === "hbar") bars(spec, true);
      else if (spec.type === "line") line(spec);
      else if (spec.type === "pie") pie(spec);
      else if (spec.type === "map") map(spec);
    });
  });
})();
