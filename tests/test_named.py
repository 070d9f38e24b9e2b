"""The named query library: documented, answering on the curated data, and the same on two engines."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph.engines import rows_of
from graph.errors import QueryError
from graph.named import VOCABULARY, _parse, library
from graph.namespaces import PREFIXES, XSD
from graph.querying import query, resolve
from graph.store import open_store

from .engines import rdflib_rows

EXAMPLES = {q.name: dict(q.example) for q in library().values()}


def test_the_library_is_large_and_documented():
    lib = library()
    assert len(lib) >= 25
    for name in ("office-holder", "agreements", "timeline", "sources-of"):
        assert name in lib
    for q in lib.values():
        assert q.title and q.description and q.answers.startswith("CQ")
        for p in q.params:
            assert p.description
        for name, _ in q.example:
            assert name in {p.name for p in q.params}, f"{q.name}: example names unknown parameter {name}"


def test_every_competency_question_with_a_sparql_answer_has_a_query():
    answered = {cq.strip() for q in library().values() for cq in q.answers.split(",")}
    assert {f"CQ{i}" for i in range(1, 21)} <= answered


@pytest.fixture(scope="module")
def rdflib_graph(built: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(built / "cjkg.nt", format="nt")
    return g


@pytest.mark.parametrize("name", sorted(library()))
def test_rdflib_and_oxigraph_agree(built: Path, rdflib_graph: rdflib.Graph, name: str):
    sparql = resolve(open_store(built), name, EXAMPLES.get(name, {}))
    ours = query(built, sparql, rebuild=False)
    variables, rows = rdflib_rows(rdflib_graph, sparql, PREFIXES)
    assert variables == ours.variables
    assert rows_of(rows) == rows_of(ours.rows)
    assert ours.rows, f"{name} answers nothing on the curated data with its example parameters"


def test_organisation_kinds_are_direct_subclasses():
    """Two queries match organisation kinds without a property path (see their headers): this keeps them right."""
    from rdflib.namespace import RDFS

    from graph.namespaces import CJ
    from graph.ontology import ontology_graph

    g = ontology_graph()
    org = rdflib.URIRef(CJ + "Organisation")
    every = set(g.transitive_subjects(RDFS.subClassOf, org)) - {org}
    direct = set(g.subjects(RDFS.subClassOf, org))
    assert every == direct


def test_every_parameter_is_in_the_one_vocabulary():
    assert VOCABULARY == ("entity", "person", "office", "place", "organisation", "agreement", "project", "measure",
                          "sector", "from", "to", "year", "date", "text", "min", "role", "currency", "kind")
    types: dict[str, set[tuple[str, str | None]]] = {}
    for q in library().values():
        for p in q.params:
            assert p.name in VOCABULARY, f"{q.name} takes '{p.name}', which is not in the vocabulary"
            types.setdefault(p.name, set()).add((p.type, p.cls))
    # A name means one thing everywhere: `person` is always a cj:Person, `to` always the period's last day.
    assert all(len(t) == 1 for t in types.values()), types
    assert types["to"] == {("date-end", None)} and types["from"] == {("date", None)}


def test_a_parameter_outside_the_vocabulary_is_refused(tmp_path: Path):
    rq = tmp_path / "projects-by-funder.rq"
    rq.write_text("# title: t\n# description: d\n# answers: CQ14\n# param: funder entity none A funder\n"
                  "SELECT ?p WHERE { ?p cj:funder ?funder }\n")
    with pytest.raises(QueryError, match="parameter 'funder' is not in the vocabulary"):
        _parse(rq)


DATE_TYPES = {XSD + "date", XSD + "gYear", XSD + "gYearMonth"}


def _without_precision() -> set[str]:
    """Date properties the ontology gives no precision companion (cj:attestedFrom, cj:attestedUntil:
    the bounds of the days the sources attest a term on), by local name."""
    from rdflib.namespace import OWL, RDF

    from graph.namespaces import CJ
    from graph.ontology import ontology_graph

    g = ontology_graph()
    props = {str(p)[len(CJ):] for p in g.subjects(RDF.type, OWL.DatatypeProperty) if str(p).startswith(CJ)}
    return {p for p in props if (rdflib.URIRef(CJ + p + "Precision"), None, None) not in g}


def test_every_date_column_comes_with_its_precision(built: Path):
    """Each column of dates (on the curated data, with the example parameters) has a `<column>Precision`
    beside it, and a date known to the month or the year stands for that whole period."""
    import calendar

    seen: set[str] = set()
    exempt = _without_precision()
    for q in library().values():
        result = query(built, q.name, EXAMPLES.get(q.name, {}), rebuild=False)
        for i, column in enumerate(result.variables):
            values = [row[i] for row in result.rows if isinstance(row[i], ox.Literal)]
            if not any(v.datatype.value in DATE_TYPES for v in values) or column in exempt:
                continue
            assert f"{column}Precision" in result.variables, f"{q.name}: {column} has no {column}Precision"
            j = result.variables.index(f"{column}Precision")
            for row in result.rows:
                if not (isinstance(row[i], ox.Literal) and row[i].datatype.value in DATE_TYPES):
                    continue  # unbound, or (in `disagreements`) a disputed value that is not a date
                precision, text = row[j].value, row[i].value
                seen.add(precision)
                assert precision in ("day", "month", "year"), (q.name, column, precision)
                if precision == "year" and row[i].datatype.value == XSD + "date":
                    assert text[5:] in ("01-01", "12-31"), (q.name, column, text)
                if precision == "month" and row[i].datatype.value == XSD + "date":
                    last = calendar.monthrange(int(text[:4]), int(text[5:7]))[1]
                    assert int(text[8:]) in (1, last), (q.name, column, text)
    assert seen == {"day", "month", "year"}


def test_the_timeline_tells_a_year_from_its_first_day(built: Path):
    rows = query(built, "timeline", {"year": "2023"}, rebuild=False).dicts()
    csp = next(r for r in rows if r["fact"].endswith("stage-comprehensive-strategic-partnership"))
    assert (csp["date"], csp["datePrecision"]) == ("2023-01-01", "year")
    assert {r["datePrecision"] for r in rows} >= {"day", "year"}
