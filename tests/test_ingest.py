"""`cjkg ingest` and `cjkg review` on real articles: dates resolved against the article's date, names
linked, bad input refused, and a candidate accepted, merged or rejected in a copy of the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graph.cli import cli
from graph.dates import PartialDate
from graph.ingest.dates import find_dates
from graph.resources import data_dir

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SEED = ARTICLES / "seed-article.txt"
SEED_URL = "https://bnnbreaking.com/politics/cambodia-japan-relations-enter-new-era-with-comprehensive-strategic-partnership"


def test_relative_dates_follow_the_article_date():
    base = PartialDate(2017, 2, 7)  # a Tuesday
    assert [str(f.date) for f in find_dates("The ships will dock in Sihanoukville on Monday.", base)] == ["2017-02-13"]
    assert [str(f.date) for f in find_dates("The upgrade came last year.", base)] == ["2016"]
    assert [str(f.date) for f in find_dates("during his visit last April", PartialDate(2018, 9, 12))] == ["2018-04"]
    found = find_dates("in Cambodia from 13 to 16 February 2017", None)
    assert (str(found[0].date), str(found[0].end)) == ("2017-02-13", "2017-02-16")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def _ingest(out, review, path, *extra):
    return CliRunner().invoke(cli, ["ingest", str(path), "--out", str(out), "--review", str(review), *extra])


def test_seed_article_candidates_cover_its_seminar_and_proposal(out, tmp_path):
    result = _ingest(out, tmp_path, SEED, "--url", SEED_URL, "--publisher", "BNN Breaking")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((tmp_path / "seed-article.yaml").read_text())
    records = [(c["kind"], c["record"]) for c in doc["candidates"]]
    seminar = next(r for k, r in records if k == "events" and r["kind"] == "conference")
    assert (seminar["date"], seminar["places"], seminar["participants"]) == ("2024-03", ["phnom-penh"], ["atsushi-ueno"])  # noqa: E501
    assert seminar["roles"] == [{"who": "atsushi-ueno", "role": "speaker"}]  # he spoke there, per the next sentence
    meeting = next(r for k, r in records if k == "events" and r["kind"] == "meeting")
    assert meeting["participants"] == ["hun-manet", "fumio-kishida"]  # not the ambassador who reported them
    assert any(k == "statements" and r.get("object") == "cambodia-japan-special-economic-zone" for k, r in records)
    assert all(r["sources"][0]["url"] == SEED_URL for k, r in records if "sources" in r)


def test_a_repeated_fact_is_flagged_and_merged_as_a_source(out, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    review = tmp_path / "review"
    url = "https://japan.kantei.go.jp/101_kishida/diplomatic/202309/07cambodia.html"
    assert _ingest(out, review, ARTICLES / "kantei-summit-2023-09-07.txt", "--url", url).exit_code == 0
    doc = yaml.safe_load((review / "kantei-summit-2023-09-07.yaml").read_text())
    summit = doc["candidates"][0]
    assert summit["duplicate_of"] == "kishida-hun-manet-summit-jakarta-2023"
    result = CliRunner().invoke(cli, ["review", "--review", str(review), "merge", "kantei-summit-2023-09-07:1",
                                      "--data", str(data)])
    assert result.exit_code == 2 and "already cites" in result.output  # the graph has this page already
    assert _ingest(out, review, SEED, "--url", SEED_URL).exit_code == 0
    result = CliRunner().invoke(cli, ["review", "--review", str(review), "merge", "seed-article:2",
                                      "--into", "kishida-hun-manet-summit-jakarta-2023", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert SEED_URL in (data / "diplomacy" / "visits-and-summits.yaml").read_text()
    listed = CliRunner().invoke(cli, ["review", "--review", str(review)])
    assert "seed-article:2" not in listed.output and "seed-article:1" in listed.output


def test_accept_moves_the_record_and_the_build_validates(out, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    review = tmp_path / "review"
    assert _ingest(out, review, SEED, "--url", SEED_URL, "--publisher", "BNN Breaking").exit_code == 0
    result = CliRunner().invoke(cli, ["review", "--review", str(review), "accept", "seed-article:1", "--data", str(data)])  # noqa: E501
    assert result.exit_code == 0, result.output
    assert "conference-2024-03" in (data / "diplomacy" / "meetings.yaml").read_text()
    built = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "out2"), "--data", str(data), "-q"])
    assert built.exit_code == 0, built.output
    rejected = CliRunner().invoke(cli, ["review", "--review", str(review), "reject", "seed-article:2"])
    assert rejected.exit_code == 0
    again = CliRunner().invoke(cli, ["review", "--review", str(review), "accept", "seed-article:2", "--data", str(data)])  # noqa: E501
    assert again.exit_code == 2 and "already rejected" in again.output


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", "Ceci est un article en français sans aucun nom "
                                     "que le graphe connaisse, écrit pour vérifier que rien ne sort de lui, et "
                                     "qui parle de la pluie et du beau temps sur la mer.".encode()])
def test_what_is_not_an_article_writes_nothing(out, tmp_path, content):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    review = tmp_path / "review"
    result = _ingest(out, review, path, "--url", "https://example.org/a", "--date", "2024-01-01")
    assert result.exit_code == 2
    assert "error:" in result.output
    assert not review.exists()


def test_an_html_page_gives_its_address_and_date(out, tmp_path):
    page = ARTICLES / "vietnamplus-kishi-hun-manet-2022-02-16.html"
    result = _ingest(out, tmp_path, page)
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((tmp_path / "vietnamplus-kishi-hun-manet-2022-02-16.yaml").read_text())
    assert doc["article"]["url"].endswith("/222148.vnp") and doc["article"]["published"] == "2022-02-16"
    meeting = doc["candidates"][0]
    assert (meeting["record"]["kind"], meeting["record"]["date"]) == ("meeting", "2022-02-15")
    assert meeting["duplicate_of"] == "hun-manet-kishi-meeting-2022-02"
    assert meeting["links"]["Nobuo Kishi"] == {"id": "nobuo-kishi", "confidence": 1.0}
    assert "Home" not in " ".join(meeting["evidence"])  # the page's menus are not the article


def test_a_text_without_an_address_asks_for_one(out, tmp_path):
    result = _ingest(out, tmp_path, SEED)
    assert result.exit_code == 2 and "--url" in result.output
    assert not list(tmp_path.iterdir())
