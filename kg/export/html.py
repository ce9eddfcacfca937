"""A standalone HTML view of the actor graph: one file that works offline.

The page inlines the vendored Cytoscape.js (``kg/export/assets/``, MIT) and the graph as JSON,
with node positions computed here (a seeded spring layout), so the same store always gives the
same bytes and the same picture. In the page: nodes coloured by kind with a legend whose
checkboxes filter by kind, a search box (any label, in any language, ignoring case and accents),
and a side panel with the facts of the clicked node or edge and their source quotes. The number
of nodes shown is in ``<span id="node-count">``; the Cytoscape instance is ``window.cy``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("https://w3id.org/vnkg/id/person/x", label="X", kind="Person", type="Person")
>>> page = html_page(G)
>>> page.startswith("<!DOCTYPE html>") and 'id="node-count">1<' in page
True
"""
from __future__ import annotations

import html
import json
import math
import re
from importlib import resources
from pathlib import Path

import networkx as nx

CYTOSCAPE_VERSION = "3.34.4"

#: kind -> (colour, Cytoscape shape, legend name); same colours as the DOT export.
KIND_STYLE = {
    "Person": ("#1f77b4", "ellipse", "Person"),
    "Organization": ("#2ca02c", "round-rectangle", "Organisation"),
    "Meeting": ("#d62728", "diamond", "Meeting"),
    "LegalDocument": ("#9467bd", "rectangle", "Document"),
    "Task": ("#ff7f0e", "round-triangle", "Task"),
    "Figure": ("#7f7f7f", "hexagon", "Figure"),
}
#: node attributes shown in the side panel, in this order
_FACTS = ("type", "date", "deadline", "identifier", "topic", "description", "indicator", "value",
          "unit", "sources")
_WIDTH, _HEIGHT = 1300, 950  # layout box in pixels (the page fits it to the window)
_GRID_X = 190  # spacing of isolated nodes


def _asset(name: str) -> str:
    return (resources.files("kg.export") / "assets" / name).read_text(encoding="utf-8")


def _script_json(value) -> str:
    """JSON safe inside a <script> element (no '<', so no '</script>' or '<!--')."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def layout(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Deterministic positions: the connected components side by side, largest first, each
    laid out by a seeded spring layout stretched to a landscape box; isolated nodes in rows
    underneath."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    groups = [c for c in comps if len(c) > 1]
    singles = [c[0] for c in comps if len(c) == 1]
    pos: dict[str, tuple[int, int]] = {}
    total = sum(len(c) for c in groups) or 1
    x0, height = 0.0, 0.0
    for comp in groups:
        share = math.sqrt(len(comp) / total)
        width, tall = _WIDTH * share, _HEIGHT * share
        raw = nx.spring_layout(U.subgraph(comp), seed=7, iterations=300, k=2.2 / math.sqrt(len(comp)))
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        w = (max(xs) - min(xs)) or 1.0
        h = (max(ys) - min(ys)) or 1.0
        placed = {n: [x0 + (raw[n][0] - min(xs)) / w * width, (raw[n][1] - min(ys)) / h * tall] for n in comp}
        _spread(placed, {n: node_size(U.degree(n)) for n in comp})
        for n in comp:
            pos[n] = (round(placed[n][0]), round(placed[n][1]))
        x0 += width + 120
        height = max(height, tall)
    span = max(x0 - 120, _WIDTH)
    cols = max(1, int(span // _GRID_X))
    offset = (span - min(cols, len(singles)) * _GRID_X) / 2 + _GRID_X / 2
    for i, n in enumerate(singles):
        pos[n] = (round(offset + i % cols * _GRID_X), round(height + 110 + i // cols * 70))
    return pos


def node_size(degree: int) -> int:
    """Diameter of a node in the page, in pixels, from its number of neighbours."""
    return round(18 + 6 * math.sqrt(degree))


def _spread(points: dict[str, list[float]], sizes: dict[str, int], margin: float = 48.0,
            rounds: int = 40) -> None:
    """Push apart nodes whose shapes come closer than ``margin`` pixels (in place; deterministic)."""
    names = sorted(points)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                pa, pb = points[a], points[b]
                dx, dy = pb[0] - pa[0], pb[1] - pa[1]
                d = math.hypot(dx, dy)
                gap = (sizes[a] + sizes[b]) / 2 + margin
                if d >= gap:
                    continue
                if d < 1e-6:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (gap - d) / 2
                ux, uy = dx / d * push, dy / d * push
                pa[0] -= ux
                pa[1] -= uy
                pb[0] += ux
                pb[1] += uy
                moved = True
        if not moved:
            break


def _aliases(store, nodes) -> dict[str, list[str]]:
    """Every skos:prefLabel and skos:altLabel of the nodes (any language), for search."""
    if store is None or not nodes:
        return {}
    from kg.export.graph import _values
    from kg.namespaces import SKOS
    from kg.query import run_sparql

    out: dict[str, set[str]] = {}
    rows = run_sparql(store, f"""SELECT ?x ?l WHERE {{ {_values('x', nodes)}
  ?x <{SKOS}prefLabel>|<{SKOS}altLabel> ?l }}""").rows
    for x, label in rows:
        out.setdefault(x.value, set()).add(label.value)
    return {x: sorted(v) for x, v in out.items()}


def graph_data(G: nx.MultiDiGraph, store=None) -> dict:
    """The JSON the page draws: nodes with positions, facts and quotes; edges; the legend."""
    pos = layout(G)
    aliases = _aliases(store, sorted(G.nodes))
    U = nx.Graph(G)
    nodes = []
    for n in sorted(G.nodes):
        d = G.nodes[n]
        label = str(d.get("label", n))
        other = [a for a in aliases.get(n, ()) if a != label]
        nodes.append({
            "id": n, "label": label, "kind": d.get("kind", ""), "x": pos[n][0], "y": pos[n][1],
            "size": node_size(U.degree(n)),
            "facts": [[k, str(d[k])] for k in _FACTS if d.get(k) not in (None, "")],
            "aliases": other, "quote": d.get("quote"),
        })
    edges = []
    for i, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True),
                                            key=lambda e: (e[0], e[1], str(e[2])))):
        edges.append({"id": f"e{i}", "source": u, "target": v, "relation": d.get("relation", str(k)),
                      "quote": d.get("quote"), "sources": d.get("sources"), "post": d.get("post")})
    counts: dict[str, int] = {}
    for n in nodes:
        counts[n["kind"]] = counts.get(n["kind"], 0) + 1
    kinds = [{"kind": k, "name": name, "color": color, "shape": shape, "count": counts[k]}
             for k, (color, shape, name) in KIND_STYLE.items() if k in counts]
    kinds += [{"kind": k, "name": k or "other", "color": "#444444", "shape": "ellipse", "count": c}
              for k, c in sorted(counts.items()) if k not in KIND_STYLE]
    return {"nodes": nodes, "edges": edges, "kinds": kinds}


def _filters_text(filters: dict) -> str:
    parts = []
    if filters.get("graph"):
        parts.append(f"source {filters['graph']}")
    if filters.get("types"):
        parts.append("types " + ", ".join(sorted(filters["types"])))
    if filters.get("since"):
        parts.append(f"since {filters['since']}")
    if filters.get("until"):
        parts.append(f"until {filters['until']}")
    return "; ".join(parts)


def html_page(G: nx.MultiDiGraph, store=None, *, title: str = "Vietnam's 2025 local-government reform: actors",
              filters: dict | None = None) -> str:
    """The whole page as a string (deterministic: same graph, same text)."""
    data = graph_data(G, store)
    sources = sorted({s for _, d in G.nodes(data=True) for s in str(d.get("sources") or "").split("; ") if s})
    n = G.number_of_nodes()
    subtitle = f"{n} nodes, {G.number_of_edges()} relations from {len(sources)} source article(s)"
    if filters and _filters_text(filters):
        subtitle += f" ({_filters_text(filters)})"
    values = {"TITLE": html.escape(title), "SUBTITLE": html.escape(subtitle), "TOTAL": str(n),
              "VERSION": CYTOSCAPE_VERSION, "DATA": _script_json(data), "APP": _APP,
              "CYTOSCAPE": _asset("cytoscape.min.js")}
    # one pass: text put in is never scanned again for markers
    return re.sub(r"@@([A-Z]+)@@", lambda m: values[m.group(1)], _TEMPLATE)


def write_html(store, G: nx.MultiDiGraph, output: Path | str, filters: dict | None = None) -> None:
    Path(output).write_text(html_page(G, store, filters=filters), encoding="utf-8")


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg export -f html (Cytoscape.js @@VERSION@@)">
<title>@@TITLE@@</title>
<style>
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; }
  body { display: flex; }
  #side { width: 360px; min-width: 360px; height: 100%; overflow-y: auto; border-right: 1px solid #ddd; padding: 14px 16px; background: #fafafa; }
  #graph { flex: 1; height: 100%; background: #fff; }
  h1 { font-size: 17px; margin: 0 0 2px; }
  .sub { color: #666; font-size: 12px; margin: 0 0 12px; }
  #search { width: 100%; padding: 7px 9px; font-size: 14px; border: 1px solid #bbb; border-radius: 4px; }
  #legend { list-style: none; padding: 0; margin: 10px 0 6px; }
  #legend li { margin: 3px 0; }
  #legend label { display: flex; align-items: center; gap: 7px; cursor: pointer; }
  .swatch { display: inline-block; width: 13px; height: 13px; border-radius: 3px; border: 1px solid rgba(0,0,0,.25); }
  .count { color: #777; margin-left: auto; font-variant-numeric: tabular-nums; }
  #status { font-size: 13px; color: #444; margin: 6px 0 12px; padding-bottom: 10px; border-bottom: 1px solid #ddd; }
  #details h2 { font-size: 16px; margin: 4px 0 6px; }
  #details .kind { display: inline-block; color: #fff; border-radius: 3px; padding: 0 6px; font-size: 12px; }
  #details table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
  #details th { text-align: left; vertical-align: top; color: #666; font-weight: normal; padding: 2px 8px 2px 0; width: 84px; }
  #details td { padding: 2px 0; overflow-wrap: anywhere; }
  blockquote { margin: 6px 0 10px; padding: 6px 10px; border-left: 3px solid #bbb; background: #fff; font-size: 13px; color: #333; }
  blockquote .src { display: block; color: #888; font-size: 11px; margin-top: 3px; }
  #details h3 { font-size: 13px; margin: 12px 0 4px; color: #555; text-transform: uppercase; letter-spacing: .03em; }
  #details ul { list-style: none; padding: 0; margin: 0; }
  #details li.rel { margin: 0 0 8px; }
  .rel .name { color: #0b5cad; cursor: pointer; text-decoration: underline dotted; }
  .rel .relation { font-weight: 600; }
  .hint { color: #777; font-size: 13px; }
  footer { margin-top: 16px; color: #999; font-size: 11px; }
</style>
</head>
<body>
<aside id="side">
  <h1>@@TITLE@@</h1>
  <p class="sub">@@SUBTITLE@@</p>
  <input id="search" type="search" placeholder="Search a name (any language)" autocomplete="off" aria-label="Search a name">
  <ul id="legend" aria-label="Node types (colour and filter)"></ul>
  <div id="status">Showing <span id="node-count">@@TOTAL@@</span> of <span id="node-total">@@TOTAL@@</span> nodes<span id="match-info"></span></div>
  <section id="details"><p class="hint">Click a node or a relation to see its facts and the sentences they come from. Hover a task or a figure to read it.</p></section>
  <footer>Made with kg; graph drawn with Cytoscape.js @@VERSION@@ (MIT licence), bundled in this file.</footer>
</aside>
<main id="graph" aria-label="Actor graph"></main>
<script id="kg-data" type="application/json">@@DATA@@</script>
<script>
@@CYTOSCAPE@@
</script>
<script>
@@APP@@
</script>
</body>
</html>
"""

_APP = r"""(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k.kind] = k; });

  function norm(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u0111\u0110]/g, "d").toLowerCase();
  }
  var LONG = {Task: true, Figure: true};  // kinds whose labels are sentences
  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1).trimEnd() + "\u2026" : text;
  }
  function shortLabel(n) {
    return LONG[n.kind] ? "" : clip(n.label, 34);  // tasks, figures: on hover, search or focus
  }

  var elements = [];
  data.nodes.forEach(function (n) {
    var k = kinds[n.kind] || {color: "#444", shape: "ellipse"};
    elements.push({group: "nodes", position: {x: n.x, y: n.y}, data: {
      id: n.id, label: n.label, short: shortLabel(n), full: clip(n.label, LONG[n.kind] ? 42 : 60),
      kind: n.kind, color: k.color, shape: k.shape,
      size: n.size,
      search: norm([n.label].concat(n.aliases).join(" | "))}});
  });
  data.edges.forEach(function (e) {
    elements.push({group: "edges", data: {id: e.id, source: e.source, target: e.target, relation: e.relation}});
  });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: elements,
    layout: {name: "preset", fit: true, padding: 40},
    minZoom: 0.1, maxZoom: 4,
    style: [
      {selector: "node", style: {
        "background-color": "data(color)", "shape": "data(shape)", "width": "data(size)", "height": "data(size)",
        "label": "data(short)", "font-size": 15, "color": "#222", "text-valign": "bottom", "text-margin-y": 3,
        "text-outline-color": "#fff", "text-outline-width": 2.5,
        "border-width": 1, "border-color": "#fff"}},
      {selector: "node[kind = 'Person'], node[kind = 'Meeting']", style: {"font-size": 18, "font-weight": "bold"}},
      {selector: "node[kind = 'Meeting']", style: {"text-valign": "top", "text-margin-y": -3}},
      {selector: "edge", style: {
        "width": 1, "line-color": "#c4c4c4", "target-arrow-color": "#c4c4c4", "target-arrow-shape": "triangle",
        "arrow-scale": 0.7, "curve-style": "bezier", "opacity": 0.8}},
      {selector: "node.hover, node.match, node:selected, node.named, node.neighbour[kind != 'Task'][kind != 'Figure']", style: {"label": "data(full)", "z-index": 10}},
      {selector: "node.hover", style: {"z-index": 20, "text-background-color": "#fffbe6", "text-background-opacity": 1, "text-background-padding": 2}},
      {selector: "node.match", style: {"border-width": 4, "border-color": "#ffd400"}},
      {selector: "node:selected", style: {"border-width": 4, "border-color": "#111"}},
      {selector: "edge.focus, edge:selected, edge.hover", style: {
        "width": 2.5, "line-color": "#555", "target-arrow-color": "#555", "opacity": 1}},
      {selector: "edge:selected, edge.hover", style: {
        "label": "data(relation)", "font-size": 12, "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1}},
      {selector: ".faded", style: {"opacity": 0.3, "text-opacity": 0.6}},
      {selector: ".hidden", style: {"display": "none"}}
    ]
  });
  window.cy = cy;

  // legend = filter -----------------------------------------------------------------------
  var legend = document.getElementById("legend");
  data.kinds.forEach(function (k) {
    var li = document.createElement("li");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = k.kind; box.name = "kind";
    box.addEventListener("change", apply);
    var sw = document.createElement("span");
    sw.className = "swatch"; sw.style.background = k.color;
    var name = document.createElement("span");
    name.textContent = k.name;
    var count = document.createElement("span");
    count.className = "count"; count.textContent = k.count;
    label.append(box, sw, name, count);
    li.appendChild(label);
    legend.appendChild(li);
  });

  var search = document.getElementById("search");
  search.addEventListener("input", apply);

  function apply() {
    var on = {};
    legend.querySelectorAll("input:checked").forEach(function (b) { on[b.value] = true; });
    var q = norm(search.value.trim());
    var matches = cy.collection();
    cy.batch(function () {
      cy.elements().removeClass("hidden match faded focus neighbour named");
      var kept = cy.nodes().filter(function (n) { return on[n.data("kind")]; });
      var shown = kept;
      if (q) {
        matches = kept.filter(function (n) { return n.data("search").indexOf(q) >= 0; });
        shown = matches.union(matches.neighborhood().nodes().intersection(kept));
        matches.addClass("match");
      }
      cy.nodes().difference(shown).addClass("hidden");
      if (q && shown.length <= 12) shown.addClass("named");
    });
    var visible = cy.nodes().not(".hidden");
    document.getElementById("node-count").textContent = visible.length;
    document.getElementById("match-info").textContent = q ? " (" + matches.length + " matching)" : "";
    if (!q || matches.length) {
      cy.fit(visible.length ? visible : cy.nodes(), 50);
      if (cy.zoom() > 1) { cy.zoom(1); cy.center(visible); }
    }
    var sel = cy.nodes(":selected").not(".hidden");
    if (sel.length) focus(sel[0]);
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
    if (sources) b.appendChild(el("span", "src", "source: " + sources));
    return b;
  }
  function nodeLink(id) {
    var a = el("span", "name", byId[id] ? byId[id].label : id);
    a.addEventListener("click", function () { select(id); });
    return a;
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
    details.appendChild(el("h3", null, "Stated in"));
    details.appendChild(quote(n.quote, (n.facts.filter(function (f) { return f[0] === "sources"; })[0] || [])[1]));
    var rels = data.edges.filter(function (e) { return e.source === id || e.target === id; });
    details.appendChild(el("h3", null, "Relations (" + rels.length + ")"));
    var ul = el("ul");
    rels.forEach(function (e) {
      var li = el("li", "rel");
      var out = e.source === id;
      li.append(el("span", null, out ? "\u2192 " : "\u2190 "), el("span", "relation", e.relation + (e.post ? " (" + e.post + ")" : "")),
                el("span", null, " "), nodeLink(out ? e.target : e.source));
      li.appendChild(quote(e.quote, e.sources));
      ul.appendChild(li);
    });
    details.appendChild(ul);
  }
  function showEdge(id) {
    var e = edgeById[id];
    details.replaceChildren();
    details.appendChild(el("h2", null, e.relation + (e.post ? " (" + e.post + ")" : "")));
    var p = el("p", "rel");
    p.append(nodeLink(e.source), el("span", null, " \u2192 "), nodeLink(e.target));
    details.appendChild(p);
    details.appendChild(el("h3", null, "Stated in"));
    details.appendChild(quote(e.quote, e.sources));
  }
  function focus(node) {
    cy.batch(function () {
      cy.elements().removeClass("faded focus neighbour named");
      var hood = node.closedNeighborhood();
      cy.elements().not(".hidden").difference(hood).addClass("faded");
      hood.edges().addClass("focus");
      hood.nodes().difference(node).addClass(hood.nodes().length <= 12 ? "neighbour named" : "neighbour");
    });
  }
  function select(id) {
    var node = cy.getElementById(id);
    cy.elements().unselect();
    node.removeClass("hidden");
    node.select();
    focus(node);
    showNode(id);
    cy.center(node);
  }
  cy.on("tap", "node", function (evt) { cy.elements().unselect(); evt.target.select(); focus(evt.target); showNode(evt.target.id()); });
  cy.on("tap", "edge", function (evt) {
    cy.batch(function () { cy.elements().removeClass("faded focus neighbour named"); evt.target.addClass("focus"); });
    showEdge(evt.target.id());
  });
  cy.on("tap", function (evt) {
    if (evt.target === cy) { cy.elements().removeClass("faded focus neighbour named"); }
  });
  cy.on("mouseover", "node, edge", function (evt) { evt.target.addClass("hover"); });
  cy.on("mouseout", "node, edge", function (evt) { evt.target.removeClass("hover"); });
  window.kgSelect = select;
})();
"""

__all__ = ["CYTOSCAPE_VERSION", "KIND_STYLE", "graph_data", "html_page", "layout", "write_html"]
