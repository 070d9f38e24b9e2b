"""The audit's checks, each firing on real records as the data had them and silent once they are
corrected; and the audit's findings in a build's warnings, fresh after a rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import audit, build
from graph.builder import ontology_lines
from graph.errors import ShapeViolation
from graph.loader import load_catalog
from graph.rdfbuild import file_triples
from graph.store import memory_store

CASES = Path(__file__).parent / "fixtures" / "audit"


def curated(tmp_path: Path, *files: str, edits: dict[str, tuple[str, str]] | None = None) -> Path:
    """A data folder of the base entities and some case files, each optionally edited (old -> new)."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("base.yaml", *files):
        text = (CASES / name).read_text(encoding="utf-8")
        if edits and name in edits:
            old, new = edits[name]
            assert old in text, f"{old!r} is not in {name}"
            text = text.replace(old, new)
        (data / name).write_text(text, encoding="utf-8")
    return data


def findings(data: Path) -> list[audit.Finding]:
    """The audit of a data folder's graph, ontology included, as a build sees it."""
    catalog = load_catalog(data)
    lines = {line for unit in file_triples(catalog).values() for line in unit.triples} | set(ontology_lines())
    return audit.audit(memory_store(("\n".join(sorted(lines)) + "\n").encode()))


def line_of(path: Path, text: str, after: str = "") -> int:
    """The number of the first line of a file holding text (after the line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def about(found: list[audit.Finding], ident: str) -> list[audit.Finding]:
    return [f for f in found if f.focus.endswith("/" + ident) or f"/{ident}_" in f.focus]


# -- Overlapping terms ----------------------------------------------------------------------------


def test_a_term_ending_in_a_month_overlaps_a_term_starting_within_it(tmp_path: Path):
    found = findings(curated(tmp_path, "terms.yaml"))
    hayashi = about(found, "yoshimasa-hayashi")
    assert len(hayashi) == 1 and not hayashi[0].error
    assert "Toshimitsu Motegi" in hayashi[0].message and "2021-11-10 to 2021-11-30" in hayashi[0].message
    assert len(found) == 1  # Kishi's acting term and the JICA handover of November 2020 are no findings


def test_the_day_the_sources_give_ends_the_overlap(tmp_path: Path):
    data = curated(tmp_path, "terms.yaml", edits={"terms.yaml": ("end: 2021-11\n", "end: 2021-11-04\n")})
    assert findings(data) == []


def test_an_overlapping_term_not_marked_acting_is_a_finding(tmp_path: Path):
    data = curated(tmp_path, "terms.yaml", edits={"terms.yaml": ("        acting: true\n", "")})
    kishi = about(findings(data), "nobusuke-kishi")
    assert len(kishi) == 1 and "Tanzan Ishibashi" in kishi[0].message


def test_co_holders_may_overlap(tmp_path: Path):
    jointly = ("        acting: true\n", "        co_holder: true\n")
    data = curated(tmp_path, "terms.yaml", edits={"terms.yaml": jointly})
    assert about(findings(data), "nobusuke-kishi") == []


def test_terms_of_an_office_with_many_holders_may_overlap(tmp_path: Path):
    data = curated(tmp_path, "terms.yaml", edits={"base.yaml": (
        "    organisation: mofa-japan\n", "    organisation: mofa-japan\n    single_holder: false\n")})
    assert about(findings(data), "yoshimasa-hayashi") == []


# -- Parts of events ------------------------------------------------------------------------------


def test_a_part_dated_to_the_month_of_a_visit_dated_to_the_day_is_a_warning(tmp_path: Path):
    found = findings(curated(tmp_path, "parts.yaml"))
    assert len(found) == 1 and not found[0].error
    assert found[0].focus.endswith("/hun-sen-courtesy-call-crown-prince-2017")
    assert "2017-08-01 to 2017-08-31 against 2017-08-06 to 2017-08-09" in found[0].message


def test_a_part_dated_within_its_visit_is_no_finding(tmp_path: Path):
    data = curated(tmp_path, "parts.yaml", edits={"parts.yaml": (
        "    date: 2017-08\n", "    date: 2017-08-06\n    end: 2017-08-09\n")})
    assert findings(data) == []


def test_a_part_dated_outside_its_visit_fails_the_build(tmp_path: Path):
    data = curated(tmp_path, "parts.yaml", edits={"parts.yaml": ("    date: 2017-08\n", "    date: 2017-09\n")})
    found = findings(data)
    assert len(found) == 1 and found[0].error
    out = tmp_path / "out"
    with pytest.raises(ShapeViolation) as caught:
        build(out, data)
    (problem,) = caught.value.problems
    assert (problem.file, problem.record) == ("parts.yaml", "hun-sen-courtesy-call-crown-prince-2017")
    assert problem.line == line_of(data / "parts.yaml", "id: hun-sen-courtesy-call-crown-prince-2017")
    assert "dated outside" in problem.message
    assert not (out / "manifest.json").exists()


# -- Amounts --------------------------------------------------------------------------------------


def test_a_project_amount_near_its_agreements_is_a_finding(tmp_path: Path):
    found = findings(curated(tmp_path, "amounts.yaml"))
    assert len(found) == 1
    assert found[0].focus.endswith("/phnom-penh-transmission-distribution-expansion")
    assert "8,000,000,000 JPY" in found[0].message and "7,988,000,000 JPY" in found[0].message


def test_the_agreements_amount_on_the_project_is_no_finding(tmp_path: Path):
    data = curated(tmp_path, "amounts.yaml", edits={"amounts.yaml": ("value: 8000000000", "value: 7988000000")})
    assert findings(data) == []


def test_other_tranches_of_a_project_are_not_compared(tmp_path: Path):
    line = '      - {value: 8000000000, currency: JPY, role: loan, date: 2024-09, note: "a further loan"}\n'
    data = curated(tmp_path, "amounts.yaml", edits={"amounts.yaml": (line, "")})
    assert findings(data) == []  # 9.216 billion yen is another loan, not a miswritten 7.988


def test_a_project_amount_dated_in_another_year_is_another_tranche(tmp_path: Path):
    data = curated(tmp_path, "amounts.yaml", edits={"amounts.yaml": ("date: 2024-09, note", "date: 2023-09, note")})
    assert findings(data) == []  # dated 2023, it is not the amount of the notes signed in 2024


def test_the_2024_scholarship_round_is_not_the_2013_notes(tmp_path: Path):
    assert findings(curated(tmp_path, "tranches.yaml")) == []  # the 2024 round beside the notes of 2013


def test_a_project_amount_of_the_agreements_year_or_undated_is_compared(tmp_path: Path):
    for case, date in (("same-year", "date: 2013-06, "), ("undated", "")):
        (tmp_path / case).mkdir()
        data = curated(tmp_path / case, "tranches.yaml",
                       edits={"tranches.yaml": ("date: 2024-07, ", date)})
        found = findings(data)
        assert len(found) == 1 and found[0].focus.endswith("/human-resource-development-scholarship")
        assert "2,700,000 USD" in found[0].message and "2,600,000 USD" in found[0].message


# -- One thing, two identifiers -------------------------------------------------------------------


def test_names_fold_whatever_their_order_case_accents_and_small_words():
    assert audit.fold("Port Autonomous of Sihanoukville") == audit.fold("Sihanoukville Autonomous Port")
    assert audit.fold("Électricité du Cambodge") == audit.fold("electricite du cambodge")
    assert audit.fold("The Mekong–Japan Cooperation") == audit.fold("Japan-Mekong cooperation")
    assert audit.fold("Port of Sihanoukville") != audit.fold("Sihanoukville Autonomous Port")


def test_two_records_with_one_name_are_a_finding(tmp_path: Path):
    found = findings(curated(tmp_path, "names.yaml"))
    assert len(found) == 1
    assert found[0].focus.endswith("/sihanoukville-autonomous-port")
    assert "port-authority-of-sihanoukville" in found[0].message


def test_the_organisation_named_once_and_the_port_as_a_place_are_no_finding(tmp_path: Path):
    data = curated(tmp_path, "names.yaml", edits={"names.yaml": (
        "    name: Sihanoukville Autonomous Port\n", "    name: Port of Sihanoukville\n")})
    assert findings(data) == []


def test_namesakes_of_different_countries_are_no_finding(tmp_path: Path):
    # "Ambassador of Japan to Cambodia" and "Ambassador of Cambodia to Japan" fold alike.
    assert audit.fold("Ambassador of Japan to Cambodia") == audit.fold("Ambassador of Cambodia to Japan")
    assert findings(curated(tmp_path)) == []


# -- Series of one provider -----------------------------------------------------------------------


def test_a_series_joining_two_providers_is_a_finding(tmp_path: Path):
    found = findings(curated(tmp_path, "series.yaml"))
    assert len(found) == 1
    assert found[0].focus.endswith("/obs-two-way-trade-2022")
    assert "jetro: 2021" in found[0].message and "general-department-of-customs-and-excise: 2022" in found[0].message


def test_each_providers_figures_in_their_own_measure_are_no_finding(tmp_path: Path):
    measure = ("    unit: USD\n\nsources:", "    unit: USD\n  - id: two-way-trade-cambodian-customs\n"
               "    name: Cambodia–Japan two-way trade (Cambodian customs)\n"
               "    description: The same trade as Cambodia's customs count it.\n    unit: USD\n\nsources:")
    data = curated(tmp_path, "series.yaml", edits={
        "base.yaml": measure,
        "series.yaml": ("    measure: two-way-trade\n    year: 2022",
                        "    measure: two-way-trade-cambodian-customs\n    year: 2022")})
    assert findings(data) == []


# -- In the build ---------------------------------------------------------------------------------


def test_findings_are_warnings_of_the_build_placed_at_the_record(tmp_path: Path):
    data = curated(tmp_path, "terms.yaml", "amounts.yaml")
    result = build(tmp_path / "out", data)
    audited = [w for w in result.warnings if w.message.endswith("[audit]")]
    assert [(w.file, w.record, w.field) for w in audited] == [
        ("amounts.yaml", "phnom-penh-transmission-distribution-expansion", "cj:amount"),
        ("terms.yaml", "yoshimasa-hayashi", "cj:startDate"),
    ]
    # the term, under the person
    assert audited[1].line == line_of(data / "terms.yaml", "- office:", after="id: yoshimasa-hayashi")


def test_a_rebuild_audits_afresh(tmp_path: Path):
    data = curated(tmp_path, "terms.yaml")
    out = tmp_path / "out"
    first = build(out, data, validator="sparql")
    assert any(w.record == "yoshimasa-hayashi" for w in first.warnings)
    # Correcting Motegi's term changes neither Hayashi's term nor anything pointing at it.
    terms = data / "terms.yaml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("end: 2021-11\n", "end: 2021-11-04\n"), encoding="utf-8")
    said: list[str] = []
    second = build(out, data, validator="sparql", progress=said.append)
    assert any(line.startswith("rebuilding:") for line in said)
    assert not [w for w in second.warnings if w.message.endswith("[audit]")]
    shutil.rmtree(out)


def test_the_shipped_data_has_no_warnings(built: Path):
    from graph.buildstate import read

    state = read(built)
    assert state is not None and state.warned == []


# -- Labels that are names ------------------------------------------------------------------------


def test_an_entity_label_over_80_characters_is_a_finding(tmp_path: Path):
    found = findings(curated(tmp_path, "labels.yaml"))
    assert [f.focus.rsplit("/", 1)[-1] for f in found] == ["icc-angkor"]
    assert found[0].path == "name" and f"over {audit.LABEL_LIMIT}" in found[0].message


def test_the_short_name_as_label_is_no_finding(tmp_path: Path):
    data = curated(tmp_path, "labels.yaml", edits={"labels.yaml": (
        "    name: International Coordinating Committee for the Safeguarding and Development of the Historic Site"
        " of Angkor\n    aliases: [ICC-Angkor]\n",
        "    name: ICC-Angkor\n    aliases: [International Coordinating Committee for the Safeguarding and"
        " Development of the Historic Site of Angkor]\n")})
    assert findings(data) == []


def test_the_curated_entity_labels_are_names(built: Path):
    """At least 98% of the curated entities' labels are within the limit (the build warns on the rest)."""
    from graph.store import cached_store

    store = cached_store(built)
    long = audit.long_labels(store)
    entities = sum(1 for _ in store.query(
        "SELECT DISTINCT ?x WHERE { ?x <http://purl.org/dc/terms/identifier> ?id ; a ?c . "
        "FILTER NOT EXISTS { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
        "<https://w3id.org/cjkg/ontology#Fact> } }"))
    assert entities > 500 and len(long) <= entities * 0.02
