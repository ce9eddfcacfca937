"""Draw an indicator's values over time (matplotlib); dates where sources disagree are marked."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from kg.errors import ParameterError
from kg.query import run_query


def _day(iso: str) -> date:
    parts = [int(x) for x in iso.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def plot_indicator(store, indicator: str, output: Path | str) -> int:
    """Plot the series of ``indicator`` (any label) to PNG or SVG; returns the number of points."""
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
    for r in rows:
        by_date[r["asOf"]].append(r)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    xs = sorted(by_date)
    agreed = [(_day(d), float(by_date[d][0]["value"])) for d in xs if len({r["value"] for r in by_date[d]}) == 1]
    ax.plot([_day(d) for d in xs], [sum(float(r["value"]) for r in by_date[d]) / len(by_date[d]) for d in xs],
            color="#888", linewidth=1, zorder=1)
    if agreed:
        ax.scatter(*zip(*agreed), color="#1f77b4", zorder=2, label="reported value")
    conflict_label = "sources disagree"
    for d in xs:
        values = sorted({float(r["value"]) for r in by_date[d]})
        if len(values) > 1:
            ax.vlines(_day(d), values[0], values[-1], colors="#d62728", linestyles="dashed", zorder=2)
            ax.scatter([_day(d)] * len(values), values, color="#d62728", marker="x", zorder=3, label=conflict_label)
            conflict_label = None
        grouped: dict[str, dict] = {}
        for r in by_date[d]:
            g = grouped.setdefault(r["value"], dict(r, source=r["source"][:12]))
            if r["source"][:12] not in g["source"]:
                g["source"] += ", " + r["source"][:12]
        for r in grouped.values():
            q = f"{r['qualifier']} " if r.get("qualifier") else ""
            v = float(r["value"])
            text = f"{v:,.0f}" if v >= 1000 or v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")
            ax.annotate(f"{q}{text}\n{r['source'][:12]}", (_day(d), float(r["value"])),
                        textcoords="offset points", xytext=(4, 6), fontsize=7)
    label = rows[0].get("indicatorLabel") or indicator
    unit = rows[0].get("unit") or ""
    ax.set_title(label)
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(output)
    plt.close(fig)
    return len(rows)
