// Index results: ranking bars, the district map (click to drill down) and trend lines.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    if (!window.echarts) return;
    var source = document.getElementById("survey-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var charts = [];
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

    function bar(id, rows) {
      var node = document.getElementById(id);
      if (!node || !rows.length) return;
      var chart = echarts.init(node);
      charts.push(chart);
      chart.setOption({
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", scale: true },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
        tooltip: { formatter: function (p) { return echarts.format.encodeHTML(p.name + ": " + p.value); } },
        series: [{ type: "bar", data: rows.map(function (r) { return r.score; }), label: { show: true, position: "right" } }]
      });
    }
    bar("chart-districts", data.districts);
    bar("chart-industries", data.industries);

    var trendNode = document.getElementById("chart-trend");
    if (trendNode && data.trend.length) {
      var years = Array.from(new Set(data.trend.map(function (p) { return p.year; }))).sort();
      var names = Array.from(new Set(data.trend.map(function (p) { return p.name; })));
      var chart = echarts.init(trendNode);
      charts.push(chart);
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: years },
        yAxis: { type: "value", scale: true },
        series: names.map(function (name) {
          return {
            name: name, type: "line",
            data: years.map(function (year) {
              var point = data.trend.find(function (p) { return p.name === name && p.year === year; });
              return point ? point.score : null;
            })
          };
        })
      });
    }

    var mapNode = document.getElementById("chart-map");
    if (!mapNode) return;
    fetch(mapNode.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geojson) {
        echarts.registerMap("shanghai", geojson);
        var featureName = {};
        geojson.features.forEach(function (f) { featureName[String(f.properties.adcode)] = f.properties.name; });
        var rows = data.districts.filter(function (d) { return featureName[d.code]; }).map(function (d) {
          return { name: featureName[d.code], value: d.score, label: d.name, key: d.key, rank: d.rank };
        });
        // The scale comes from the page: the data's lowest to highest score, rounded outward.
        var scale = data.scale || { min: 0, max: 100 };
        var chart = echarts.init(mapNode);
        charts.push(chart);
        chart.setOption({
          tooltip: {
            formatter: function (p) {
              if (!p.data) return echarts.format.encodeHTML(p.name);
              return echarts.format.encodeHTML(p.data.label + " · " + p.data.value + " · #" + p.data.rank);
            }
          },
          visualMap: {
            min: scale.min, max: scale.max,
            calculable: true, left: 8, bottom: 8, inRange: { color: ["#fde8e8", "#f6d365", "#0b8a3e"] }
          },
          series: [{
            type: "map", map: "shanghai", roam: false, data: rows,
            label: { show: true, fontSize: 10, formatter: function (p) { return p.data ? p.data.label : ""; } }
          }]
        });
        chart.on("click", function (p) {
          if (p.data && p.data.key) window.location.href = mapNode.dataset.drillUrl + p.data.key + "/" + mapNode.dataset.query;
        });
      });
  });
})();
