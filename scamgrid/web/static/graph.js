// The link graph: Cytoscape.js over /graph/elements. Expand a node (double-click, or Enter on
// its entry in the list), filter by node type and report date, export PNG or GraphML.
(function () {
  "use strict";
  var element = document.getElementById("graph");
  var query = JSON.parse(element.dataset.query);
  var names = JSON.parse(element.dataset.types || "{}");  // node types in the page's language
  function named(type) { return names[type] || type; }
  var colours = { report: "#12355b", phone: "#b45309", bank_account: "#047857",
                  crypto_wallet: "#6b21a8", url: "#9b1c1c", domain: "#be185d", compound: "#111827" };
  var cy = cytoscape({
    container: element,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "text-wrap": "ellipsis",
        "text-max-width": 90, width: 18, height: 18, "background-color": function (n) {
          return colours[n.data("type")] || "#0e7490"; } } },
      { selector: "node[kind = 'report']", style: { shape: "round-rectangle" } },
      // Persons of interest carry their role as type (recruiter, launderer...): one look for all.
      { selector: "node[kind = 'person']", style: { shape: "diamond", "background-color": "#c2410c" } },
      { selector: "node[?hub]", style: { "border-width": 3, "border-color": "#f59e0b" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#b45309" } },
      { selector: "edge", style: { width: 1, "line-color": "#9ca3af" } },
      { selector: ".filtered", style: { display: "none" } }
    ]
  });
  var expanded = {};

  function add(elements) {
    var list = Array.isArray(elements) ? elements
      : (elements.nodes || []).concat(elements.edges || []);
    var seen = {};
    var fresh = list.filter(function (item) {
      var id = item.data.id;
      if (seen[id] || !cy.getElementById(id).empty()) { return false; }
      seen[id] = true;
      return true;
    });
    var nodes = fresh.filter(function (e) { return !e.data.source; });
    var edges = fresh.filter(function (e) { return e.data.source; });
    cy.add(nodes);
    cy.add(edges.filter(function (e) {
      return !cy.getElementById(e.data.source).empty() && !cy.getElementById(e.data.target).empty();
    }));
    cy.layout(arrange()).run();
    refresh();
  }

  // Force-directed layout (cose) costs O(n^2) per iteration: seconds for a few hundred nodes,
  // minutes for the largest syndicates. Above LARGE nodes, rings by degree (hubs in the middle).
  var LARGE = 250;
  function arrange() {
    if (cy.nodes().length > LARGE) {
      return { name: "concentric", animate: false, minNodeSpacing: 4,
               concentric: function (n) { return n.degree(); },
               levelWidth: function () { return 2; } };
    }
    return { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true };
  }

  function load(params) {
    var search = new URLSearchParams(params);
    return fetch("/graph/elements?" + search.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return [r.ok, body]; }); })
      .then(function (pair) {
        if (!pair[0]) { showError(pair[1].detail); return; }
        add(pair[1].elements);
      });
  }

  function showError(text) {
    var p = document.createElement("p");
    p.className = "error"; p.setAttribute("role", "alert"); p.textContent = text;
    element.parentNode.insertBefore(p, element);
  }

  function expand(node) {
    if (expanded[node.id()]) { return; }
    expanded[node.id()] = true;
    if (node.data("kind") === "report") {
      load({ report: node.data("label") });
    } else if (node.data("kind") === "identifier") {
      load({ type: node.data("type"), value: node.data("label"), depth: 1 });
    }
  }

  function refresh() {
    var types = {};
    cy.nodes().forEach(function (n) { types[n.data("type")] = true; });
    var box = document.getElementById("type-filters");
    Object.keys(types).sort().forEach(function (type) {
      if (document.getElementById("show-" + type)) { return; }
      var input = document.createElement("input");
      input.type = "checkbox"; input.checked = true; input.id = "show-" + type; input.value = type;
      input.addEventListener("change", filter);
      var label = document.createElement("label");
      label.htmlFor = input.id; label.textContent = " " + named(type) + " "; label.style.display = "inline";
      box.appendChild(input); box.appendChild(label);
    });
    filter();
    var list = document.getElementById("node-list");
    list.textContent = "";
    cy.nodes().forEach(function (n) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button"; button.className = "secondary";
      button.textContent = named(n.data("type")) + " " + n.data("label") + (n.data("date") ? " (" + n.data("date").slice(0, 10) + ")" : "");
      button.addEventListener("click", function () { cy.$(":selected").unselect(); n.select(); expand(n); });
      button.addEventListener("focus", function () { cy.$(":selected").unselect(); n.select(); });
      item.appendChild(button); list.appendChild(item);
    });
    element.dataset.nodes = String(cy.nodes().length);
  }

  function filter() {
    var since = document.getElementById("since").value;
    cy.nodes().forEach(function (n) {
      var box = document.getElementById("show-" + n.data("type"));
      var hidden = (box && !box.checked) ||
        (since && n.data("kind") === "report" && (n.data("date") || "") < since);
      n.toggleClass("filtered", Boolean(hidden));
    });
  }

  function download(name, href) {
    var a = document.createElement("a");
    a.href = href; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  }

  function escape(text) {
    return String(text).replace(/[<>&"]/g, function (c) {
      return { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" }[c]; });
  }

  function graphml() {
    var keys = ["kind", "type", "label", "agency", "date", "fraud_type", "syndicate"];
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
    keys.forEach(function (k) {
      out.push('<key id="' + k + '" for="node" attr.name="' + k + '" attr.type="string"/>'); });
    out.push('<graph id="scamgrid" edgedefault="undirected">');
    cy.nodes(":visible").forEach(function (n) {
      out.push('<node id="' + escape(n.id()) + '">' + keys.map(function (k) {
        var v = n.data(k); return v === undefined || v === "" ? "" : '<data key="' + k + '">' + escape(v) + "</data>";
      }).join("") + "</node>");
    });
    cy.edges(":visible").forEach(function (e) {
      out.push('<edge source="' + escape(e.data("source")) + '" target="' + escape(e.data("target")) + '"/>');
    });
    out.push("</graph></graphml>");
    return out.join("\n");
  }

  cy.on("dbltap", "node", function (event) { expand(event.target); });
  document.getElementById("since").addEventListener("change", filter);
  document.getElementById("export-png").addEventListener("click", function () {
    download("scamgrid-graph.png", cy.png({ full: true, bg: "#ffffff" }));
  });
  document.getElementById("export-graphml").addEventListener("click", function () {
    var blob = new Blob([graphml()], { type: "application/xml" });
    download("scamgrid-graph.graphml", URL.createObjectURL(blob));
  });
  var first = {};
  Object.keys(query).forEach(function (k) { if (query[k]) { first[k] = query[k]; } });
  if (first.report) { expanded["report:" + first.report] = true; }
  if (first.value) { expanded[first.type + ":" + first.value] = true; }
  load(first);
})();
