"""Draw an indicator's values over time (matplotlib): each source's values as its own markers,
a line through the dates where every source agrees, and dates where sources disagree marked.
No point is ever drawn at a value that no source reported (issue 17: a mean used to be)."""
from __future__ import annotations

import json
import textwrap
from collections import defaultdict
from datetime import date
from pathlib import Path

from kg.errors import ParameterError
from kg.query import run_query, run_sparql

#: one marker per source, in order of first appearance (then again, with another colour)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _day(iso: str) -> date:
    parts = [int(x) for x in iso.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _number(v: float) -> str:
    """``141,444``, ``72.38``: thousands separated, no trailing zeros."""
    return f"{v:,.0f}" if v >= 1000 or v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")


def source_titles(store, ids) -> dict[str, str]:
    """Article id -> its title (``dct:title``), for the ids that have one."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    values = " ".join(json.dumps(i, ensure_ascii=False) for i in ids)
    rows = run_sparql(store, f"""PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?id ?t WHERE {{ VALUES ?id {{ {values} }} ?a dct:identifier ?id ; dct:title ?t }}""").values()
    titles: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (r["id"], r["t"])):
        titles.setdefault(r["id"], r["t"])
    return titles


def plot_indicator(store, indicator: str, output: Path | str) -> int:
    """Plot the series of ``indicator`` (any label) to PNG or SVG; returns the number of points.

    Each source (legend: its title, else its id) has its own marker at each value it reported.
    A grey line joins the dates on which all sources give one value; a date where they
    disagree gets a red dashed span between the lowest and highest value, and no line.
    """
    output = Path(output)
    if output.suffix.lower() not in (".png", ".svg"):
        raise ParameterError(f"--output must end in .png or .svg, not {output.suffix or 'nothing'}")
    rows = run_query(store, "timeseries", {"indicator": indicator}).values()
    if not rows:
        raise ParameterError(f"no figures for indicator {indicator!r}; see kg query figures for the labels")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_date: dict[str, list[dict]] = defaultdict(list)
    by_source: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_date[r["asOf"]].append(r)
        by_source[r["source"]].append(r)
    titles = source_titles(store, by_source)
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=120)
    xs = sorted(by_date)
    agreed = [(_day(d), float(by_date[d][0]["value"])) for d in xs if len({float(r["value"]) for r in by_date[d]}) == 1]
    if len(agreed) > 1:
        ax.plot(*zip(*agreed), color="#888", linewidth=1, zorder=1)
    colors = plt.get_cmap("tab10").colors
    for i, (source, reported) in enumerate(by_source.items()):  # rows come by date, then source
        name = textwrap.fill(titles.get(source, source), 40)
        ax.scatter([_day(r["asOf"]) for r in reported], [float(r["value"]) for r in reported],
                   marker=MARKERS[i % len(MARKERS)], facecolors="none", edgecolors=colors[i % len(colors)],
                   linewidths=1.5, s=48, zorder=3, label=name)
    conflict_label = "sources disagree"
    for d in xs:
        values = sorted({float(r["value"]) for r in by_date[d]})
        if len(values) > 1:
            ax.vlines(_day(d), values[0], values[-1], colors="#d62728", linestyles="dashed", zorder=2,
                      label=conflict_label)
            conflict_label = None
        qualifiers: dict[float, str] = {}
        for r in by_date[d]:
            qualifiers.setdefault(float(r["value"]), r.get("qualifier") or "")
        for v, q in sorted(qualifiers.items()):
            ax.annotate(f"{q} {_number(v)}".strip(), (_day(d), v), textcoords="offset points", xytext=(6, 4),
                        fontsize=7)
    ax.set_title(rows[0].get("indicatorLabel") or indicator)
    ax.set_ylabel(rows[0].get("unit") or "")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, title="source", title_fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(output)
    plt.close(fig)
    return len(rows)


__all__ = ["MARKERS", "plot_indicator", "source_titles"]
