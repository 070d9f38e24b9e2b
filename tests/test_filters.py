"""The filters people give `query`, `html` and `report`: one check for dates, periods and sectors, the
same messages from each command, and filters that leave nothing write nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph import build
from graph.errors import QueryError
from graph.filters import as_typed, day, period, sector
from graph.store import open_store

from .conftest import MINI


@pytest.fixture(scope="module")
def mini_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the mini fixture of this module's own, since the tests write reports and pages into it."""
    out = tmp_path_factory.mktemp("filters")
    build(out, MINI)
    return out


def _error(result) -> str:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")][-1]


def test_dates_and_periods():
    assert day("2024-03", "from") == dt.date(2024, 3, 1)
    assert day("2024-02", "to", end=True) == dt.date(2024, 2, 29)
    assert period("2013", "2013") == (dt.date(2013, 1, 1), dt.date(2013, 12, 31))
    assert period(None, "2020-06") == (None, dt.date(2020, 6, 30))
    with pytest.raises(QueryError, match=r"^from: '2025-13' has no month 13$"):
        day("2025-13", "from")
    with pytest.raises(QueryError, match=r"from \(2025\) is later than to \(2013\)"):
        period("2025", "2013")


def test_sectors_by_notation_or_label(mini_out: Path):
    store = open_store(mini_out)
    assert sector(store, "defense").notation == "defense"
    assert sector(store, "Defence") == sector(store, "defense")  # the English label
    with pytest.raises(QueryError, match=r"'space' is not a sector of the scheme; the sectors are: .*diplomacy"):
        sector(store, "space")


def test_as_typed():
    assert as_typed(sector="space", from_=None, to="2013") == "--sector space --to 2013"


@pytest.mark.parametrize(("query_args", "html_args", "report_args"), [
    (["-p", "sector=space"], ["--sector", "space"], None),
    (["-p", "from=2025-13"], ["--from", "2025-13"], ["--from", "2025-13"]),
    (["-p", "to=2024-02-30"], ["--to", "2024-02-30"], ["--to", "2024-02-30"]),
    (["-p", "from=2025", "-p", "to=2013"], ["--from", "2025", "--to", "2013"], ["--from", "2025", "--to", "2013"]),
])
def test_query_html_and_report_refuse_the_same_values_alike(mini_out: Path, invoke, tmp_path: Path,
                                                            query_args, html_args, report_args):
    results = [invoke("query", "timeline", "--out", mini_out, *query_args),
               invoke("html", "--out", mini_out, "-o", tmp_path / "g.html", *html_args),
               invoke("html", "--timeline", "--out", mini_out, "-o", tmp_path / "t.html", *html_args)]
    if report_args:
        results.append(invoke("report", "--out", mini_out, *report_args))
    assert all(r.exit_code == 2 for r in results), [r.stderr for r in results]
    assert len({_error(r) for r in results}) == 1, [_error(r) for r in results]
    assert not list(tmp_path.iterdir())


def test_query_html_and_report_accept_the_same_values(mini_out: Path, invoke, tmp_path: Path):
    assert invoke("query", "timeline", "--out", mini_out, "-p", "sector=Diplomacy", "-p", "from=2022").exit_code == 0
    assert invoke("html", "--out", mini_out, "-o", tmp_path / "g.html", "--sector", "Diplomacy",
                  "--from", "2022").exit_code == 0
    assert invoke("html", "--timeline", "--out", mini_out, "-o", tmp_path / "t.html", "--sector", "Diplomacy",
                  "--from", "2022").exit_code == 0
    assert invoke("report", "--out", mini_out, "--from", "2022").exit_code == 0


def _empty_sector(mini_out: Path) -> str:
    """A real sector of the scheme that no fact of the mini fixture is in."""
    rows = open_store(mini_out).query(
        "SELECT ?n WHERE { ?s skos:inScheme <https://w3id.org/cjkg/sector/> ; skos:notation ?n "
        "FILTER NOT EXISTS { ?x cj:sector ?s } } ORDER BY ?n LIMIT 1",
        prefixes={"skos": "http://www.w3.org/2004/02/skos/core#", "cj": "https://w3id.org/cjkg/ontology#"})
    return next(iter(rows))["n"].value


@pytest.mark.parametrize("args", [["--from", "2030"], ["--to", "1900"], ["SECTOR"]])
@pytest.mark.parametrize("timeline", [False, True])
def test_a_page_the_filters_leave_empty_is_not_written(mini_out: Path, invoke, tmp_path: Path, args, timeline):
    if args == ["SECTOR"]:
        args = ["--sector", _empty_sector(mini_out)]
    page = tmp_path / "page.html"
    page.write_text("the previous page")
    result = invoke("html", "--out", mini_out, "-o", page, *args, *(["--timeline"] if timeline else []))
    assert result.exit_code == 1
    assert " ".join(args) in _error(result) and "was not written" in _error(result)
    assert page.read_text() == "the previous page"


def test_a_report_the_filters_leave_empty_keeps_the_previous_one(mini_out: Path, invoke):
    assert invoke("report", "--out", mini_out).exit_code == 0
    before = {p.name: p.read_bytes() for p in (mini_out / "report").iterdir()}
    for args, code in ((["--from", "2030"], 1), (["--from", "2025", "--to", "2013"], 2)):
        result = invoke("report", "--out", mini_out, *args)
        assert result.exit_code == code, result.stderr
        assert {p.name: p.read_bytes() for p in (mini_out / "report").iterdir()} == before
    assert "--from 2030" in _error(invoke("report", "--out", mini_out, "--from", "2030"))


def test_html_refuses_a_missing_folder_a_negative_depth_and_no_nodes(mini_out: Path, invoke, tmp_path: Path):
    missing = tmp_path / "nowhere" / "deeper"
    result = invoke("html", "--out", mini_out, "-o", missing / "x.html")
    assert result.exit_code == 2 and f"the folder {missing} does not exist" in _error(result)
    assert not (tmp_path / "nowhere").exists()
    timeline = invoke("html", "--timeline", "--out", mini_out, "-o", missing / "t.html")
    assert timeline.exit_code == 2 and not (tmp_path / "nowhere").exists()
    for option, value in (("--depth", "-1"), ("--max-nodes", "0")):
        result = invoke("html", "--out", mini_out, "-o", tmp_path / "x.html", "--focus", "Hun Sen", option, value)
        assert result.exit_code == 2 and option in result.stderr
    assert not (tmp_path / "x.html").exists()
