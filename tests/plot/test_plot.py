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
