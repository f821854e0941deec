// The compound map: Natural Earth country shapes (world-atlas, served by this node) as the
// basemap, one circle marker per visible compound. No tile server is needed or contacted.
(function () {
  "use strict";
  var element = document.getElementById("map");
  var data = JSON.parse(document.getElementById("compounds-data").textContent);
  var labels = JSON.parse(element.dataset.labels);
  var map = L.map(element, { zoomControl: true, keyboard: true }).setView([17.5, 100.5], 5);
  var colours = { active: "#b91c1c", raided: "#1d4ed8", relocated: "#b45309", closed: "#374151",
                  unknown: "#6b21a8" };
  fetch("/static/vendor/countries-50m.json").then(function (r) { return r.json(); })
    .then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, {
        style: { color: "#6b7280", weight: 1, fillColor: "#f8fafc", fillOpacity: 1 },
        interactive: false
      }).addTo(map).bringToBack();
      element.dataset.basemap = "ready";
    });
  var markers = [];
  data.features.forEach(function (feature) {
    var p = feature.properties;
    var popup = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = p.name;
    popup.appendChild(title);
    [[labels.status, p.status], [labels.headcount, p.headcount], [labels.group, p.controlling_group]]
      .forEach(function (pair) {
        if (pair[1] === null || pair[1] === "" || pair[1] === undefined) { return; }
        var line = document.createElement("div");
        line.textContent = pair[0] + ": " + pair[1];
        popup.appendChild(line);
      });
    var layer = L.geoJSON(feature, {
      pointToLayer: function (_, latlng) {
        return L.circleMarker(latlng, { radius: 8, color: "#111827", weight: 1,
          fillColor: colours[p.status] || "#6b21a8", fillOpacity: 0.9, className: "compound-marker" });
      },
      style: { color: colours[p.status] || "#6b21a8", weight: 2, className: "compound-marker" }
    }).bindPopup(popup).bindTooltip(p.name).addTo(map);
    markers.push(layer);
  });
  if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds().pad(0.5), { maxZoom: 6 });
  }
  element.dataset.markers = String(markers.length);
})();
