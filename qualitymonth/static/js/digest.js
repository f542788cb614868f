// Charts and the district map of the yearly digest; data comes from the page (json_script).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    if (!window.echarts) return;
    var source = document.getElementById("digest-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);

    function bar(id, rows) {
      var node = document.getElementById(id);
      if (!node || !rows.length) return;
      var chart = echarts.init(node);
      chart.setOption({
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r[0]; }) },
        tooltip: {},
        series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }), label: { show: true, position: "right" } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    bar("chart-category", data.category);
    bar("chart-kind", data.kind);

    var mapNode = document.getElementById("chart-map");
    if (!mapNode) return;
    fetch(mapNode.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geojson) {
        echarts.registerMap("shanghai", geojson);
        // Districts are matched by division code; the map knows them by their feature name.
        var featureName = {};
        geojson.features.forEach(function (f) { featureName[String(f.properties.adcode)] = f.properties.name; });
        var rows = data.map.filter(function (d) { return featureName[String(d.code)]; }).map(function (d) {
          return { name: featureName[String(d.code)], value: d.activities, label: d.name, pk: d.pk };
        });
        var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([1]));
        var chart = echarts.init(mapNode);
        chart.setOption({
          tooltip: {
            formatter: function (p) {
              // Tooltips are HTML: unit names are user input.
              var label = p.data ? p.data.label : p.name;
              return echarts.format.encodeHTML(label + ": " + (p.value || 0) + " " + mapNode.dataset.label);
            }
          },
          visualMap: { min: 0, max: max, calculable: true, left: 8, bottom: 8, inRange: { color: ["#e8f1fb", "#0b5cad"] } },
          series: [{
            type: "map", map: "shanghai", roam: false, data: rows,
            label: { show: true, formatter: function (p) { return p.data ? p.data.label : ""; }, fontSize: 10 }
          }]
        });
        chart.on("click", function (p) {
          if (p.data && p.data.pk) window.location.href = mapNode.dataset.listUrl + "?district=" + p.data.pk;
        });
        window.addEventListener("resize", function () { chart.resize(); });
      });
  });
})();
