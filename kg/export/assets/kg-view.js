// The page script of `kg export -f html` (kg/export/html.py inlines it). Plain ES5-ish, no imports.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kinds = {}, relations = {}, articles = data.articles || {};
  data.kinds.forEach(function (k) { kinds[k.kind] = k; });
  data.relations.forEach(function (r) { relations[r.relation] = r; });
  var LABEL_PX = 13;  // label size on screen, whatever the zoom (up to zoom 1; beyond, labels grow)

  function norm(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u0111\u0110]/g, "d").toLowerCase();
  }
  var LONG = {Task: true, Figure: true};  // kinds whose labels are sentences
  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1).trimEnd() + "\u2026" : text;
  }
  function sourceText(id) {
    var a = articles[id];
    if (!a) return id;
    var name = [a.title, a.outlet].filter(Boolean).join(" \u2014 ") || id;
    return name + (a.date ? " (" + a.date + ")" : "");
  }
  function edgeLabel(e) {
    var r = relations[e.relation];
    if (e.tasks) return e.tasks.length === 1 ? "task: " + clip(e.tasks[0].label, 48) : e.tasks.length + " tasks";
    return (r ? r.name : e.relation) + (e.post ? " (" + clip(e.post, 40) + ")" : "");
  }

  var elements = [];
  data.nodes.forEach(function (n) {
    var k = kinds[n.kind] || {color: "#444", shape: "ellipse"};
    elements.push({group: "nodes", position: {x: n.x, y: n.y}, data: {
      id: n.id, label: n.label, short: LONG[n.kind] ? clip(n.label, 28) : clip(n.label, 34),
      full: clip(n.label, LONG[n.kind] ? 60 : 80), kind: n.kind, color: k.color, shape: k.shape,
      size: n.size, rank: n.rank, fs: LABEL_PX, isolated: n.isolated ? 1 : 0,
      search: norm([n.label].concat(n.aliases).join(" | "))}});
  });
  data.edges.forEach(function (e) {
    var r = relations[e.relation] || {color: "#999", line: "solid"};
    elements.push({group: "edges", data: {id: e.id, source: e.source, target: e.target, relation: e.relation,
      color: r.color, line: r.line, label: edgeLabel(e),
      width: e.tasks ? Math.min(1.5 + Math.log2(e.tasks.length) * 1.2, 7) : (e.relation === "attended" ? 1 : 1.5)}});
  });
  var byId = {}, edgeById = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: elements,
    layout: {name: "preset", fit: false},
    minZoom: 0.05, maxZoom: 4,
    style: [
      {selector: "node", style: {
        "background-color": "data(color)", "shape": "data(shape)", "width": "data(size)", "height": "data(size)",
        "label": "data(short)", "font-size": "data(fs)", "color": "#222", "text-valign": "bottom", "text-margin-y": 2,
        "text-outline-color": "#fff", "text-outline-width": 2, "border-width": 1, "border-color": "#fff"}},
      {selector: "node[kind = 'Person'], node[kind = 'Meeting']", style: {"font-weight": "bold"}},
      {selector: "node[kind = 'Meeting']", style: {"text-valign": "top", "text-margin-y": -2}},
      {selector: "node.nolabel", style: {"text-opacity": 0}},
      {selector: "edge", style: {
        "width": "data(width)", "line-color": "data(color)", "line-style": "data(line)",
        "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
        "arrow-scale": 0.7, "curve-style": "bezier", "opacity": 0.55}},
      {selector: "edge[relation = 'tasked']", style: {"opacity": 0.75}},
      {selector: "node.hover, node.match, node:selected, node.named", style: {"label": "data(full)", "z-index": 10}},
      {selector: "node.hover", style: {"z-index": 20, "text-background-color": "#fffbe6", "text-background-opacity": 1, "text-background-padding": 2}},
      {selector: "node.match", style: {"border-width": 4, "border-color": "#ffd400"}},
      {selector: "node:selected", style: {"border-width": 4, "border-color": "#111"}},
      {selector: "edge.focus, edge:selected, edge.hover", style: {"opacity": 1, "z-index": 5}},
      {selector: "edge:selected, edge.hover", style: {
        "label": "data(label)", "font-size": "data(fs)", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 1}},
      {selector: ".faded", style: {"opacity": 0.2}},
      {selector: "node.faded", style: {"text-opacity": 0}},
      {selector: ".hidden", style: {"display": "none"}}
    ]
  });
  window.cy = cy;

  // labels: a fixed size on screen, shown only where they fit ---------------------------------
  function fontSize() { return LABEL_PX / Math.min(cy.zoom(), 1); }
  function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
  function declutter() {
    var fs = fontSize();
    var visible = cy.nodes().filter(function (n) { return n.visible(); });
    var resized = visible.filter(function (n) { return n.data("fs") !== fs; });
    if (resized.length) {
      cy.batch(function () {
        resized.forEach(function (n) { n.data("fs", fs); });
        cy.edges().forEach(function (e) { if (e.data("fs") !== fs) e.data("fs", fs); });
      });
      // measure the labels at their new size now, not at the next frame
      resized.updateStyle();
      resized.recalculateRenderedStyle(false);
    }
    function forced(n) { return n.hasClass("hover") || n.selected() || n.hasClass("match") ? 1 : 0; }
    var order = visible.toArray().filter(function (n) { return !n.hasClass("faded"); }).sort(function (a, b) {
      return forced(b) - forced(a) || b.data("rank") - a.data("rank") || (a.id() < b.id() ? -1 : 1);
    });
    var cell = 120, grid = {}, keep = {}, kept = 0;
    order.forEach(function (n) {
      var bb = n.renderedBoundingBox({includeLabels: true, includeNodes: false, includeOverlays: false});
      if (!(bb.w > 0 && bb.h > 0)) return;
      var cells = [];
      for (var gx = Math.floor(bb.x1 / cell); gx <= Math.floor(bb.x2 / cell); gx++) {
        for (var gy = Math.floor(bb.y1 / cell); gy <= Math.floor(bb.y2 / cell); gy++) cells.push(gx + "," + gy);
      }
      var free = cells.every(function (c) { return !(grid[c] || []).some(function (o) { return overlaps(o, bb); }); });
      if (!free) return;
      cells.forEach(function (c) { (grid[c] = grid[c] || []).push(bb); });
      keep[n.id()] = true;
      kept++;
    });
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        if (keep[n.id()]) n.removeClass("nolabel"); else n.addClass("nolabel");
      });
    });
    document.body.dataset.labels = kept;
    return kept;
  }
  window.kgDeclutter = declutter;
  var pending = null;
  function later() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () { pending = null; declutter(); }, 60);
  }
  cy.on("zoom", later);

  // keys = filters ------------------------------------------------------------------------------
  function keyItem(list, name, value, swatch, text, count) {
    var li = document.createElement("li"), label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = value; box.name = name;
    box.addEventListener("change", apply);
    var c = document.createElement("span");
    c.className = "count"; c.textContent = count;
    var t = document.createElement("span");
    t.textContent = text;
    label.append(box, swatch, t, c);
    li.appendChild(label);
    list.appendChild(li);
  }
  var legend = document.getElementById("legend"), edgeLegend = document.getElementById("edge-legend");
  data.kinds.forEach(function (k) {
    var sw = document.createElement("span");
    sw.className = "swatch"; sw.style.background = k.color;
    if (k.shape === "ellipse") sw.style.borderRadius = "50%";
    if (k.shape === "diamond") sw.style.transform = "rotate(45deg) scale(.8)";
    keyItem(legend, "kind", k.kind, sw, k.name, k.count);
  });
  data.relations.forEach(function (r) {
    var sw = document.createElement("span");
    sw.className = "line"; sw.style.borderTopStyle = r.line; sw.style.borderTopColor = r.color;
    keyItem(edgeLegend, "relation", r.relation, sw, r.name, r.count);
  });
  var isolatedBox = document.getElementById("show-isolated");
  var nIsolated = data.nodes.filter(function (n) { return n.isolated; }).length;
  document.getElementById("isolated-count").textContent = nIsolated;
  isolatedBox.addEventListener("change", apply);
  if (!nIsolated) isolatedBox.parentNode.hidden = true;

  // time filter: two sliders over the dates of meetings, documents and task deadlines ----------
  var dates = data.dates, from = document.getElementById("date-from"), to = document.getElementById("date-to");
  if (dates.length > 1) {
    document.getElementById("time").hidden = false;
    from.max = to.max = dates.length - 1;
    from.value = 0; to.value = dates.length - 1;
    from.addEventListener("input", function () { if (+from.value > +to.value) to.value = from.value; apply(); });
    to.addEventListener("input", function () { if (+to.value < +from.value) from.value = to.value; apply(); });
  }
  function range() {
    if (dates.length < 2) return null;
    return [dates[+from.value], dates[+to.value]];
  }
  function inRange(span, r) { return !r || !span || (span[0] <= r[1] && span[1] >= r[0]); }

  var search = document.getElementById("search");
  search.addEventListener("input", apply);
  var first = true;

  function apply() {
    var on = {}, relOn = {};
    legend.querySelectorAll("input:checked").forEach(function (b) { on[b.value] = true; });
    edgeLegend.querySelectorAll("input:checked").forEach(function (b) { relOn[b.value] = true; });
    var r = range();
    document.getElementById("date-label").textContent = r ? r[0] + " \u2013 " + r[1] : "";
    var q = norm(search.value.trim());
    var matches = cy.collection();
    cy.batch(function () {
      cy.elements().removeClass("hidden match faded focus named");
      var kept = cy.nodes().filter(function (n) { return on[n.data("kind")] && inRange(byId[n.id()].span, r); });
      var shown = kept.filter(function (n) { return isolatedBox.checked || !n.data("isolated"); });
      if (q) {
        matches = kept.filter(function (n) { return n.data("search").indexOf(q) >= 0; });
        shown = matches.union(matches.neighborhood().nodes().intersection(kept));
        matches.addClass("match");
      }
      cy.nodes().difference(shown).addClass("hidden");
      cy.edges().filter(function (e) { return !relOn[e.data("relation")] || !inRange(edgeById[e.id()].span, r); }).addClass("hidden");
      if (q && shown.length <= 12) shown.addClass("named");
    });
    var visible = cy.nodes().not(".hidden");
    document.getElementById("node-count").textContent = visible.length;
    document.getElementById("match-info").textContent = q ? " (" + matches.length + " matching)" : "";
    if (first || q) {
      first = false;
      if (!q || matches.length) {
        cy.fit(visible.length ? visible : cy.nodes(), 30);
        if (cy.zoom() > 1) { cy.zoom(1); cy.center(visible); }
      }
    }
    var sel = cy.nodes(":selected").not(".hidden");
    if (sel.length) focus(sel[0]);
    declutter();
  }

  // details panel ----------------------------------------------------------------------------
  var details = document.getElementById("details");
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function quote(text, sources) {
    var b = el("blockquote", "quote", text || "(no quote recorded)");
    if (sources && sources.length) b.appendChild(el("span", "src", "source: " + sources.map(sourceText).join("; ")));
    return b;
  }
  function sourceList(ids) {
    var ul = el("ul", "sources");
    ids.forEach(function (id) {
      var li = el("li"), a = articles[id];
      if (a && a.url) {
        var link = el("a", null, sourceText(id));
        link.href = a.url;
        li.appendChild(link);
      } else {
        li.textContent = sourceText(id);
      }
      ul.appendChild(li);
    });
    return ul;
  }
  function nodeLink(id) {
    var a = el("span", "name", byId[id] ? byId[id].label : id);
    a.addEventListener("click", function () { select(id); });
    return a;
  }
  function relationName(e) {
    var r = relations[e.relation];
    return (e.tasks ? (e.tasks.length === 1 ? "assigned a task to" : "assigned " + e.tasks.length + " tasks to")
      : (r ? r.name : e.relation)) + (e.post ? " (" + e.post + ")" : "");
  }
  function taskList(tasks) {
    var ul = el("ul");
    tasks.forEach(function (t) {
      var li = el("li", "rel");
      li.appendChild(el("span", "relation", t.label));
      var bits = [];
      if (t.deadline) bits.push("deadline " + t.deadline);
      if (t.at && t.at.length) bits.push("decided at " + t.at.join(", "));
      if (bits.length) li.appendChild(el("div", "hint", bits.join(" \u00b7 ")));
      li.appendChild(quote(t.quote, t.sources));
      ul.appendChild(li);
    });
    return ul;
  }
  function showNode(id) {
    var n = byId[id], k = kinds[n.kind] || {color: "#444", name: n.kind};
    details.replaceChildren();
    details.appendChild(el("h2", null, n.label));
    var badge = el("span", "kind", k.name);
    badge.style.background = k.color;
    details.appendChild(badge);
    var table = el("table");
    n.facts.forEach(function (f) {
      var tr = el("tr");
      tr.append(el("th", null, f[0]), el("td", null, f[1]));
      table.appendChild(tr);
    });
    if (n.aliases.length) {
      var tr = el("tr");
      tr.append(el("th", null, "also"), el("td", null, n.aliases.join(" \u00b7 ")));
      table.appendChild(tr);
    }
    var tr2 = el("tr");
    var iri = el("a", null, n.id);
    iri.href = n.id;
    var td = el("td");
    td.appendChild(iri);
    tr2.append(el("th", null, "IRI"), td);
    table.appendChild(tr2);
    details.appendChild(table);
    if (n.sources.length) {
      details.appendChild(el("h3", null, "Sources (" + n.sources.length + ")"));
      details.appendChild(sourceList(n.sources));
    }
    details.appendChild(el("h3", null, "Stated in"));
    details.appendChild(quote(n.quote, n.sources.slice(0, 1)));
    var rels = data.edges.filter(function (e) { return e.source === id || e.target === id; });
    details.appendChild(el("h3", null, "Relations (" + rels.length + ")"));
    var ul = el("ul");
    rels.forEach(function (e) {
      var li = el("li", "rel");
      var out = e.source === id;
      li.append(el("span", null, out ? "\u2192 " : "\u2190 "), el("span", "relation", relationName(e)),
                el("span", null, " "), nodeLink(out ? e.target : e.source));
      if (e.tasks) li.appendChild(taskList(e.tasks)); else li.appendChild(quote(e.quote, e.sources));
      ul.appendChild(li);
    });
    details.appendChild(ul);
  }
  function showEdge(id) {
    var e = edgeById[id];
    details.replaceChildren();
    details.appendChild(el("h2", null, relationName(e)));
    var p = el("p", "rel");
    p.append(nodeLink(e.source), el("span", null, " \u2192 "), nodeLink(e.target));
    details.appendChild(p);
    if (e.tasks) {
      details.appendChild(el("h3", null, "Tasks (" + e.tasks.length + ")"));
      details.appendChild(taskList(e.tasks));
    } else {
      details.appendChild(el("h3", null, "Stated in"));
      details.appendChild(quote(e.quote, e.sources));
    }
  }
  function focus(node) {
    cy.batch(function () {
      cy.elements().removeClass("faded focus named");
      var hood = node.closedNeighborhood();
      cy.elements().not(".hidden").difference(hood).addClass("faded");
      hood.edges().addClass("focus");
      if (hood.nodes().length <= 12) hood.nodes().difference(node).addClass("named");
    });
  }
  function unfocus() { cy.elements().removeClass("faded focus named"); }
  function select(id) {
    var node = cy.getElementById(id);
    cy.elements().unselect();
    node.removeClass("hidden");
    node.select();
    focus(node);
    showNode(id);
    cy.center(node);
    declutter();
  }
  cy.on("tap", "node", function (evt) {
    cy.elements().unselect(); evt.target.select(); focus(evt.target); showNode(evt.target.id()); declutter();
  });
  cy.on("tap", "edge", function (evt) {
    cy.batch(function () { unfocus(); evt.target.addClass("focus"); });
    showEdge(evt.target.id());
    declutter();
  });
  cy.on("tap", function (evt) { if (evt.target === cy) { unfocus(); declutter(); } });
  cy.on("mouseover", "node, edge", function (evt) { evt.target.addClass("hover"); if (evt.target.isNode()) declutter(); });
  cy.on("mouseout", "node, edge", function (evt) { evt.target.removeClass("hover"); if (evt.target.isNode()) later(); });
  window.kgSelect = select;
  apply();
})();
