from pathlib import Path

import pytest

from kg.errors import ParameterError
from kg.pipeline import ingest
from kg.plot import plot_indicator
from kg.query import run_query

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"


@pytest.fixture(scope="module")
def seeds():
    from kg.store import Store

    s = Store()
    ingest(s, [ARTICLES])
    return s


def test_plot_timeseries_people_who_quit_across_three_languages(seeds):
    """French and English reports of 17 September, then English, Vietnamese and English ones."""
    rows = run_query(seeds, "timeseries", {"indicator": "people who decided to quit their jobs"}).values()
    assert [(r["asOf"], r["value"]) for r in rows] == [
        ("2025-09-17", "141444"), ("2025-09-17", "141444"), ("2025-10-01", "142746"), ("2025-10-03", "142910"),
        ("2025-10-29", "147000")]


def test_plot_draws_png_and_svg(seeds, tmp_path):
    for suffix in (".png", ".svg"):
        out = tmp_path / f"q{suffix}"
        assert plot_indicator(seeds, "personnes ayant décidé de démissionner", out) == 5
        assert out.stat().st_size > 1000


def test_plot_unknown_indicator_is_a_clear_error(seeds, tmp_path):
    with pytest.raises(ParameterError, match="no figures"):
        plot_indicator(seeds, "nothing like this", tmp_path / "x.png")


def test_plot_conflicts_are_the_three_known_ones(seeds):
    rows = run_query(seeds, "conflicts").values()
    pairs = {tuple(sorted((float(r["valueA"]), float(r["valueB"])))) for r in rows}
    assert pairs == {(6e6, 6.6e6), (1e12, 1.7e12), (72.38, 78.38)}
    assert all(r["quoteA"] and r["quoteB"] for r in rows)


SHARE_PAID = "share of people who quit their jobs who received payment of policies and regimes"


def _drawn(monkeypatch, store, indicator, out):
    """Plot ``indicator`` to ``out``; return the saved figure's axes (caught at ``savefig``)."""
    from matplotlib.figure import Figure

    saved = []
    real = Figure.savefig

    def savefig(self, *args, **kwargs):
        saved.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    plot_indicator(store, indicator, out)
    assert len(saved) == 1
    return saved[0].axes[0]


def _points(ax) -> list[tuple[float, float]]:
    """Every (x, y) the axes draw: line vertices, scatter offsets, segment ends (text excluded)."""
    from matplotlib.collections import LineCollection, PathCollection

    pts = []
    for line in ax.lines:
        pts += list(zip(map(float, line.get_xdata(orig=False)), map(float, line.get_ydata(orig=False))))
    for c in ax.collections:
        if isinstance(c, PathCollection):
            pts += [(float(x), float(y)) for x, y in c.get_offsets()]
        elif isinstance(c, LineCollection):
            pts += [(float(x), float(y)) for seg in c.get_segments() for x, y in seg]
    return pts


def test_plot_draws_each_source_value_never_their_mean(seeds, tmp_path, monkeypatch):
    """Issue 17: on 17 September one source says 78.38 %, another 72.38 %: the plot drew 75.38."""
    from datetime import date

    import matplotlib.dates as mdates

    ax = _drawn(monkeypatch, seeds, SHARE_PAID, tmp_path / "share.svg")
    day = mdates.date2num(date(2025, 9, 17))
    ys = {round(y, 6) for x, y in _points(ax) if abs(x - day) < 1e-9}
    assert ys == {72.38, 78.38}
    assert all(abs(y - 75.38) > 1e-6 for _, y in _points(ax))
    # one legend entry per source, named by its title (or its id when it has none)
    legend = {" ".join(t.get_text().split()) for t in ax.get_legend().get_texts()}
    assert "Proactively deploy the task of operating two-level local government" in legend
    assert "000_6921293e5ad94818" in legend


def test_plot_line_joins_only_dates_with_one_value(seeds, tmp_path, monkeypatch):
    """Issue 17: the line goes through the agreed values; each source keeps its own marker."""
    from datetime import date

    import matplotlib.dates as mdates

    rows = run_query(seeds, "timeseries", {"indicator": "people who decided to quit their jobs"}).values()
    ax = _drawn(monkeypatch, seeds, "people who decided to quit their jobs", tmp_path / "quit.png")
    reported = {(mdates.date2num(date.fromisoformat(r["asOf"])), float(r["value"]))
                for r in rows}
    assert set(_points(ax)) <= reported
    # a marker per source: five values from five sources (two agree on 17 September)
    from matplotlib.collections import PathCollection

    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in markers) == len(rows) == 5
    assert len(markers) == len({r["source"] for r in rows}) == 5
    # the line: one vertex per date, at the value every source of that date gave
    line = [ln for ln in ax.lines if len(ln.get_xdata()) > 1]
    assert len(line) == 1 and len(line[0].get_xdata()) == len({r["asOf"] for r in rows}) == 4
