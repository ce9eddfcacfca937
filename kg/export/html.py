"""A standalone HTML view of the actor graph: one file that works offline.

The page inlines the vendored Cytoscape.js (``kg/export/assets/``, MIT), the page's own script
(``assets/kg-view.js``) and the graph as JSON, with node positions computed here (a seeded
force layout), so the same store always gives the same bytes and the same picture.

What the page shows, so that it stays readable at 100 and at 1,000 nodes (issue 17):

- tasks are edges, not nodes: one orange edge from the assigner to the assignee, carrying every
  task between the two (a task with no assignee, or with neither an assigner nor the meeting or
  document that decided it, stays a node);
- labels keep a fixed size on screen and are shown only where they fit: a pass in the page hides
  a label whose box overlaps the label of a more important node (more relations; people and
  meetings first), and runs again after each zoom, so zooming in reveals more names;
- nodes without any relation are set aside in a grid to the right, hidden until
  "Show unconnected nodes" is ticked;
- a key for the node kinds and for the edge types, each a filter; a date range (two sliders over
  the dates of meetings, documents and task deadlines) that hides what falls outside it;
- sources named by title and outlet (read from the store's articles), not by their ids.

The number of nodes shown is in ``<span id="node-count">``; the Cytoscape instance is
``window.cy``; ``window.kgDeclutter()`` runs the label pass and returns how many labels it kept.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("https://w3id.org/vnkg/id/person/x", label="X", kind="Person", type="Person")
>>> page = html_page(G)
>>> page.startswith("<!DOCTYPE html>") and 'id="node-total">1<' in page
True
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

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
#: relation -> (colour, line style, legend name); ``tasked`` stands for the task nodes it replaces.
EDGE_STYLE = {
    "tasked": ("#f28e2b", "solid", "assigned a task to"),
    "chaired": ("#b2182b", "solid", "chaired"),
    "attended": ("#e7a3a8", "dashed", "attended"),
    "holds_post_in": ("#4e79a7", "solid", "holds a post in"),
    "issued": ("#8c6bb1", "solid", "issued"),
    "signed": ("#8c6bb1", "dashed", "signed"),
    "cites": ("#999999", "dotted", "cites"),
    "reported": ("#7f7f7f", "dotted", "reported"),
    "assigned": ("#f28e2b", "dashed", "assigned (task)"),
    "assigned_to": ("#f28e2b", "dashed", "assigned to (task)"),
    "decided_at": ("#bbbbbb", "dashed", "decided at"),
    "decided_by": ("#bbbbbb", "dotted", "decided by"),
}
#: node attributes shown in the side panel, in this order (sources are listed apart, by title)
_FACTS = ("type", "date", "deadline", "identifier", "topic", "description", "indicator", "value", "unit")
_CELL = 105  # layout area per node: a square of this side, in pixels at zoom 1
_GAP = 140  # between components
_GRID_X, _GRID_Y = 190, 56  # spacing of the unconnected nodes


def _asset(name: str) -> str:
    return (resources.files("kg.export") / "assets" / name).read_text(encoding="utf-8")


def _script_json(value) -> str:
    """JSON safe inside a <script> element (no '<', so no '</script>' or '<!--')."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def collapse_tasks(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with each task turned into an edge ``tasked`` from who gave it to who received it.

    The giver is the task's assigner (``assigned``), or else the meeting or document that decided
    it (``decided_at``, ``decided_by``). One edge per pair carries all its tasks in ``tasks``
    (label, deadline, decided at/by, quote, sources), sorted by deadline. A task with no assignee
    or no giver stays a node, with its edges.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pm", label="PM", kind="Person"); G.add_node("mof", label="MoF", kind="Organization")
    >>> G.add_node("t", label="Pay salaries", kind="Task", deadline="2025-10")
    >>> G.add_edge("pm", "t", key="assigned", relation="assigned"); G.add_edge("t", "mof", key="assigned_to", relation="assigned_to")
    'assigned'
    'assigned_to'
    >>> H = collapse_tasks(G)
    >>> sorted(H.nodes), [(u, v, d["tasks"][0]["label"]) for u, v, d in H.edges(data=True)]
    (['mof', 'pm'], [('pm', 'mof', 'Pay salaries')])
    """
    H = nx.MultiDiGraph(G)
    pairs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for t, d in sorted(G.nodes(data=True)):
        if d.get("kind") != "Task":
            continue
        out = defaultdict(list)
        for _, o, rel in G.out_edges(t, keys=True):
            out[rel].append(o)
        givers = sorted(u for u, _, rel in G.in_edges(t, keys=True) if rel == "assigned")
        decided = sorted(out["decided_at"] + out["decided_by"])
        givers = givers or decided
        takers = sorted(out["assigned_to"])
        if not givers or not takers:
            continue
        task = {"id": t, "label": str(d.get("label", t)), "deadline": d.get("deadline"), "quote": d.get("quote"),
                "sources": d.get("sources"), "at": [str(G.nodes[m].get("label", m)) for m in decided]}
        for g in givers:
            for r in takers:
                if g != r:
                    pairs[(g, r)].append(task)
        H.remove_node(t)
    for (g, r), tasks in sorted(pairs.items()):
        tasks.sort(key=lambda x: (x["deadline"] or "9999", x["label"]))
        sources = sorted({s for x in tasks for s in str(x["sources"] or "").split("; ") if s})
        H.add_edge(g, r, key="tasked", relation="tasked", tasks=tasks, sources="; ".join(sources) or None,
                   quote=tasks[0]["quote"])
    return H


def _force_layout(U: nx.Graph, nodes: list[str], seed: int = 7, iterations: int = 120) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold in numpy (networkx's needs scipy beyond 500 nodes); deterministic."""
    import numpy as np

    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {x: i for i, x in enumerate(nodes)}
    A = np.zeros((n, n))
    for u, v in U.subgraph(nodes).edges():
        A[index[u], index[v]] = A[index[v], index[u]] = 1.0
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.clip(dist, 0.01, None, out=dist)
        force = k * k / dist ** 2 - A * dist / k
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.hypot(disp[:, 0], disp[:, 1])
        np.clip(length, 0.01, None, out=length)
        pos += disp * (t / length)[:, None]
        t -= dt
    return {x: (float(pos[i, 0]), float(pos[i, 1])) for x, i in index.items()}


def node_size(degree: int) -> int:
    """Diameter of a node in the page, in pixels, from its number of neighbours."""
    return round(18 + 6 * math.sqrt(min(degree, 100)))


def _spread(points: dict[str, list[float]], sizes: dict[str, int], margin: float = 40.0,
            rounds: int = 30) -> None:
    """Push apart nodes whose shapes come closer than ``margin`` pixels (in place; deterministic).

    Only nodes in neighbouring cells of a grid are compared, so 1,000 nodes take well under a second.
    """
    names = sorted(points)
    cell = max(sizes.values(), default=0) + margin
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = defaultdict(list)
        for a in names:
            grid[(int(points[a][0] // cell), int(points[a][1] // cell))].append(a)
        moved = False
        for a in names:
            cx, cy = int(points[a][0] // cell), int(points[a][1] // cell)
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for b in grid.get((gx, gy), ()):
                        if b <= a:
                            continue
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


def layout(G: nx.MultiDiGraph) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Deterministic positions, and the nodes without relations.

    Each connected component gets a seeded force layout in a square whose area grows with its
    size (``_CELL`` squared per node); components are packed in rows, largest first; the nodes
    without relations go in a grid to the right of them all.
    """
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    groups = [c for c in comps if len(c) > 1]
    singles = [c[0] for c in comps if len(c) == 1]
    pos: dict[str, tuple[int, int]] = {}
    row_width = max((_CELL * math.sqrt(len(groups[0])) if groups else 0),
                    _CELL * math.sqrt(sum(len(c) for c in groups)) * 1.3)
    x0 = y0 = row_h = right = 0.0
    for comp in groups:
        side = _CELL * math.sqrt(len(comp))
        if x0 > 0 and x0 + side > row_width:
            x0, y0, row_h = 0.0, y0 + row_h + _GAP, 0.0
        raw = _force_layout(U, comp)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        w = (max(xs) - min(xs)) or 1.0
        h = (max(ys) - min(ys)) or 1.0
        placed = {n: [x0 + (raw[n][0] - min(xs)) / w * side, y0 + (raw[n][1] - min(ys)) / h * side] for n in comp}
        _spread(placed, {n: node_size(U.degree(n)) for n in comp})
        for n in comp:
            pos[n] = (round(placed[n][0]), round(placed[n][1]))
        x0 += side + _GAP
        row_h = max(row_h, side)
        right = max(right, max(p[0] for p in placed.values()))
    cols = max(1, round(math.sqrt(len(singles) / 3)))
    left = right + 2 * _GAP + _GRID_X / 2 if groups else 0
    for i, n in enumerate(singles):
        pos[n] = (round(left + i % cols * _GRID_X), round(i // cols * _GRID_Y))
    return pos, singles


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


def _articles(store, ids: set[str]) -> dict[str, dict]:
    """Article id (as in the graph's ``sources``) -> title, outlet (the URL's host), url and date.

    The actor graph names its sources by id only; their titles are read here from the store
    (``dct:title``, ``schema:url``, ``dct:date`` of each ``kg:Article``).
    """
    if store is None or not ids:
        return {}
    from kg.namespaces import DCT, KG, SCHEMA
    from kg.query import run_sparql

    rows = run_sparql(store, f"""SELECT ?a ?t ?u ?d WHERE {{ GRAPH ?g {{ ?a a <{KG}Article> .
  OPTIONAL {{ ?a <{DCT}title> ?t }} OPTIONAL {{ ?a <{SCHEMA}url> ?u }} OPTIONAL {{ ?a <{DCT}date> ?d }} }} }}""").rows
    out: dict[str, dict] = {}
    for a, t, u, d in sorted(rows, key=lambda r: tuple("" if v is None else v.value for v in r)):
        aid = a.value.rstrip("/").rsplit("/", 1)[-1]
        if aid not in ids:
            continue
        e = out.setdefault(aid, {})
        if t is not None:
            e.setdefault("title", t.value)
        if u is not None:
            e.setdefault("url", u.value)
            host = urlparse(u.value).hostname or ""
            e.setdefault("outlet", host[4:] if host.startswith("www.") else host)
        if d is not None:
            e.setdefault("date", d.value)
    return out


def _span(date) -> list[str] | None:
    """A (possibly partial) ISO date as its first and last day: 2025-10 -> [2025-10-01, 2025-10-31]."""
    if not date or not re.match(r"^\d{4}(-\d{2}){0,2}", str(date)):
        return None
    date = str(date)[:10]
    if len(date) == 10:
        return [date, date]
    if len(date) == 7:
        return [date + "-01", date + "-31"]
    return [date[:4] + "-01-01", date[:4] + "-12-31"]


def graph_data(G: nx.MultiDiGraph, store=None) -> dict:
    """The JSON the page draws: nodes with positions, facts and quotes; edges; the keys; the
    articles named as sources; the dates of the time filter."""
    H = collapse_tasks(G)
    pos, singles = layout(H)
    isolated = set(singles)
    aliases = _aliases(store, sorted(H.nodes))
    weight: dict[str, int] = defaultdict(int)
    for u, v, d in H.edges(data=True):
        w = len(d.get("tasks") or ()) or 1
        weight[u] += w
        weight[v] += w
    U = nx.Graph(H)
    nodes = []
    for n in sorted(H.nodes):
        d = H.nodes[n]
        label = str(d.get("label", n))
        other = [a for a in aliases.get(n, ()) if a != label]
        kind = d.get("kind", "")
        nodes.append({
            "id": n, "label": label, "kind": kind, "x": pos[n][0], "y": pos[n][1],
            "size": node_size(U.degree(n)), "isolated": n in isolated,
            "rank": round(weight[n] * (1.5 if kind in ("Person", "Meeting") else 1.0), 1),
            "span": _span(d.get("date") if kind != "Task" else d.get("deadline")),
            "facts": [[k, str(d[k])] for k in _FACTS if d.get(k) not in (None, "")],
            "sources": [s for s in str(d.get("sources") or "").split("; ") if s],
            "aliases": other, "quote": d.get("quote"),
        })
    edges = []
    for i, (u, v, k, d) in enumerate(sorted(H.edges(keys=True, data=True),
                                            key=lambda e: (e[0], e[1], str(e[2])))):
        e = {"id": f"e{i}", "source": u, "target": v, "relation": d.get("relation", str(k)),
             "quote": d.get("quote"), "sources": [s for s in str(d.get("sources") or "").split("; ") if s],
             "post": d.get("post")}
        if d.get("tasks"):
            e["tasks"] = [{**t, "sources": [s for s in str(t["sources"] or "").split("; ") if s]}
                          for t in d["tasks"]]
            spans = [_span(t["deadline"]) for t in d["tasks"]]
            # an edge with any undated task is undated: it stays whatever the date range
            e["span"] = None if None in spans else [min(s[0] for s in spans), max(s[1] for s in spans)]
        edges.append(e)
    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n["kind"]] += 1
    kinds = [{"kind": k, "name": name, "color": color, "shape": shape, "count": counts[k]}
             for k, (color, shape, name) in KIND_STYLE.items() if k in counts]
    kinds += [{"kind": k, "name": k or "other", "color": "#444444", "shape": "ellipse", "count": c}
              for k, c in sorted(counts.items()) if k not in KIND_STYLE]
    rel_counts: dict[str, int] = defaultdict(int)
    for e in edges:
        rel_counts[e["relation"]] += len(e.get("tasks") or ()) or 1
    relations = [{"relation": r, "name": name, "color": color, "line": line, "count": rel_counts[r]}
                 for r, (color, line, name) in EDGE_STYLE.items() if r in rel_counts]
    relations += [{"relation": r, "name": r, "color": "#999999", "line": "solid", "count": c}
                  for r, c in sorted(rel_counts.items()) if r not in EDGE_STYLE]
    ids = {s for x in nodes + edges for s in x["sources"]}
    ids |= {s for e in edges for t in e.get("tasks", ()) for s in t["sources"]}
    dates = sorted({day for x in nodes + edges if x.get("span") for day in x["span"]})
    return {"nodes": nodes, "edges": edges, "kinds": kinds, "relations": relations,
            "articles": _articles(store, ids), "dates": dates}


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
    tasks = sum(len(e.get("tasks", ())) for e in data["edges"])
    n = len(data["nodes"])
    subtitle = (f"{n} nodes, {len(data['edges'])} relations" + (f" ({tasks} tasks drawn as edges)" if tasks else "")
                + f" from {len(sources)} source article(s)")
    if filters and _filters_text(filters):
        subtitle += f" ({_filters_text(filters)})"
    shown = sum(1 for x in data["nodes"] if not x["isolated"])
    values = {"TITLE": html.escape(title), "SUBTITLE": html.escape(subtitle), "TOTAL": str(n), "SHOWN": str(shown),
              "VERSION": CYTOSCAPE_VERSION, "DATA": _script_json(data), "APP": _asset("kg-view.js"),
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
  .key { list-style: none; padding: 0; margin: 4px 0 6px; }
  .key li { margin: 2px 0; }
  .key label, .toggle { display: flex; align-items: center; gap: 7px; cursor: pointer; }
  .keyhead { font-size: 11px; color: #777; text-transform: uppercase; letter-spacing: .04em; margin: 10px 0 0; }
  .swatch { display: inline-block; width: 13px; height: 13px; border-radius: 3px; border: 1px solid rgba(0,0,0,.25); }
  .line { display: inline-block; width: 22px; height: 0; border-top-width: 3px; }
  .count { color: #777; margin-left: auto; font-variant-numeric: tabular-nums; }
  #time { margin: 10px 0 4px; }
  #time input[type=range] { width: 100%; margin: 0; }
  #date-label { font-size: 13px; font-variant-numeric: tabular-nums; }
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
  #details ul.sources { list-style: disc; padding-left: 18px; font-size: 13px; }
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
  <p class="keyhead">Nodes</p>
  <ul id="legend" class="key" aria-label="Node types (colour and filter)"></ul>
  <p class="keyhead">Relations</p>
  <ul id="edge-legend" class="key" aria-label="Relation types (colour and filter)"></ul>
  <label class="toggle"><input id="show-isolated" type="checkbox"> Show unconnected nodes <span id="isolated-count" class="count"></span></label>
  <div id="time" hidden>
    <p class="keyhead">Dates (meetings, documents, task deadlines)</p>
    <div id="date-label"></div>
    <input id="date-from" type="range" min="0" step="1" aria-label="From date">
    <input id="date-to" type="range" min="0" step="1" aria-label="To date">
  </div>
  <div id="status">Showing <span id="node-count">@@SHOWN@@</span> of <span id="node-total">@@TOTAL@@</span> nodes<span id="match-info"></span></div>
  <section id="details"><p class="hint">Click a node or a relation to see its facts and the sentences they come from. Names that do not fit are hidden: zoom in to read them, or hover a node.</p></section>
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

__all__ = ["CYTOSCAPE_VERSION", "EDGE_STYLE", "KIND_STYLE", "collapse_tasks", "graph_data", "html_page", "layout",
           "write_html"]
