"""The loader refuses bad sources, names file, line, record and field, and leaves the last build alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from graph.errors import CurationError
from graph.loader import load_catalog
from graph.resources import data_dir

from .conftest import BROKEN, MINI, UNPARSABLE

CASES = sorted([*BROKEN.glob("*.yaml"), *BROKEN.glob("*.jsonl")])


def _expectation(case: Path) -> tuple[int, str]:
    m = re.match(r"# expect: (\d+) (.+)", case.read_text().splitlines()[0])
    assert m, f"{case.name} lacks an '# expect: LINE MESSAGE' header"
    return int(m.group(1)), m.group(2)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every output file's bytes (the parse cache in .cache is scratch, not output)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(folder).parts}


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_source_is_reported_and_previous_build_kept(case: Path, tmp_path: Path, invoke):
    line, message = _expectation(case)
    out = tmp_path / "out"
    assert invoke("build", "--data", MINI, "--out", out, "-q").exit_code == 0
    before = _snapshot(out)

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    shutil.copy(case, data / case.name)
    result = invoke("build", "--data", data, "--out", out, "-q")

    assert result.exit_code == 2
    reported = [ln for ln in result.stderr.splitlines() if ln.strip().startswith(f"{case.name}:{line}:")]
    assert reported, f"no problem reported at {case.name}:{line}:\n{result.stderr}"
    assert any(message in ln for ln in reported), result.stderr
    assert _snapshot(out) == before
    assert not list(out.glob(".cjkg-build-*")), "a failed build left its staging folder behind"


def test_every_problem_is_reported_at_once(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    for case in ("unknown-reference.yaml", "sector-outside-scheme.yaml", "bad-identifier.yaml"):
        text = (BROKEN / case).read_text().replace("visit-broken", f"visit-{case[:8]}")
        (data / case).write_text(text)
    with pytest.raises(CurationError) as err:
        load_catalog(data)
    files = {p.file for p in err.value.problems}
    assert files == {"unknown-reference.yaml", "sector-outside-scheme.yaml", "bad-identifier.yaml"}


def test_problem_names_record_and_field(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    shutil.copy(BROKEN / "unknown-reference.yaml", data)
    with pytest.raises(CurationError) as err:
        load_catalog(data)
    (problem,) = err.value.problems
    assert (problem.file, problem.line, problem.record, problem.field) == (
        "unknown-reference.yaml", 7, "visit-broken", "participants[0]")


def test_the_curated_data_loads():
    catalog = load_catalog(data_dir())
    assert {"hun-manet", "fumio-kishida", "atsushi-ueno", "japan-alumni-of-cambodia"} <= set(catalog.records)
    assert ("https://bnnbreaking.com/politics/"
            "cambodia-japan-relations-enter-new-era-with-comprehensive-strategic-partnership") in catalog.sources


def test_aliases_of_a_url_must_agree_but_may_be_omitted():
    catalog = load_catalog(MINI)
    src = catalog.sources["https://www.mofa.go.jp/mofaj/s_sa/sea1/kh/page1_001397.html"]
    assert (src.publisher, str(src.published)) == ("Ministry of Foreign Affairs of Japan", "2022-11-12")


@pytest.mark.parametrize("validator", ["pyshacl", "sparql"])
def test_both_shacl_validators_report_a_shape_violation_at_its_line(validator: str, tmp_path: Path, invoke):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    shutil.copy(BROKEN / "event-without-sector.yaml", data)
    result = invoke("build", "--data", data, "--out", tmp_path / "out", "--validator", validator, "-q")
    assert result.exit_code == 2
    assert "event-without-sector.yaml:3: record 'visit-broken', field 'cj:sector': An event's sector" in result.stderr


def test_a_record_with_three_defects_reports_all_three(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    shutil.copy(BROKEN / "three-defects.yaml", data)
    with pytest.raises(CurationError) as err:
        load_catalog(data)
    assert [(p.line, p.record, p.field, p.message) for p in err.value.problems] == [
        (6, "visit-broken", "date", "Value error, '2023-02-30' is not a real day"),
        (7, "visit-broken", "participants[0]", "unknown reference 'hun-manett'; did you mean 'hun-manet'?"),
        (8, "visit-broken", "sectors[0]", "'peacekeping' is not a sector of the scheme; did you mean 'peacekeeping'?"),
    ]


def test_a_file_that_does_not_parse_comes_first_and_raises_no_phantom_references(tmp_path: Path, invoke):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    for case in UNPARSABLE.glob("*.yaml"):
        shutil.copy(case, data)
    shutil.copy(BROKEN / "near-miss-kind.yaml", data / "a-visit.yaml")  # sorts before people.yaml
    with pytest.raises(CurationError) as err:
        load_catalog(data)
    assert [(p.file, p.line) for p in err.value.problems] == [("people.yaml", 5), ("a-visit.yaml", 5)]
    assert err.value.problems[0].message.startswith("not valid YAML")
    assert err.value.notes == ["1 reference to unknown records not reported: they may name records of people.yaml, "
                               "which could not be read; fix that first"]

    result = invoke("build", "--data", data, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[1].startswith("  people.yaml:5: not valid YAML") and "unknown reference" not in result.stderr
    assert lines[-1].startswith("  (1 reference to unknown records not reported")

    # mended, the reference resolves: it was never a problem of visits.yaml
    people = data / "people.yaml"
    people.write_text(people.read_text().replace("   nationality", "    nationality"))
    (data / "a-visit.yaml").unlink()
    catalog = load_catalog(data)
    assert catalog.kind_of("norodom-sihanouk") == "people"
