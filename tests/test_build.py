"""The build: same sources, same bytes; every format the same triples; the seed article queryable."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import build, open_store, select
from graph.digest import sources_digest
from graph.namespaces import PREFIXES
from graph.resources import data_dir

SEED_URL = "https://bnnbreaking.com/politics/cambodia-japan-relations-enter-new-era-with-comprehensive-strategic-partnership"


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path):
    again = tmp_path / "again"
    build(again, data_dir())
    for name in ("cjkg.ttl", "cjkg.nt", "cjkg.jsonld", "manifest.json"):
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_the_serialisations_and_the_store_hold_the_same_triples(built: Path):
    def triples(name: str, fmt: ox.RdfFormat) -> set[ox.Triple]:
        return {q.triple for q in ox.parse(path=str(built / name), format=fmt)}

    nt = triples("cjkg.nt", ox.RdfFormat.N_TRIPLES)
    ttl = triples("cjkg.ttl", ox.RdfFormat.TURTLE)
    jsonld = triples("cjkg.jsonld", ox.RdfFormat.JSON_LD)
    stored = {q.triple for q in open_store(built)}
    assert nt == ttl == jsonld == stored
    lines = (built / "cjkg.nt").read_text().splitlines()
    assert lines == sorted(lines) and len(lines) == len(nt)


def test_the_ontology_travels_with_the_data(built: Path):
    rows = select(open_store(built),
                  "SELECT ?label WHERE { cj:TermOfOffice rdfs:label ?label FILTER(lang(?label) = 'en') }")
    assert rows == [{"label": "term of office"}]


def test_jsonld_has_a_context_with_the_project_prefixes(built: Path):
    doc = json.loads((built / "cjkg.jsonld").read_text())
    assert doc["@context"]["cj"] == "https://w3id.org/cjkg/ontology#"
    assert any(node["@id"] == "cjd:hun-manet" for node in doc["@graph"])


def test_manifest_records_the_sources_digest(built: Path):
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["digest"] == sources_digest(data_dir())
    assert manifest["triples"] == len((built / "cjkg.nt").read_text().splitlines())


def test_every_fact_is_traceable_to_a_source_with_url_and_publisher(built: Path):
    store = open_store(built)
    unsourced = select(store, """SELECT ?f WHERE { ?f a/rdfs:subClassOf* cj:Fact
        FILTER NOT EXISTS { ?f prov:wasDerivedFrom/schema:url ?u } }""")
    assert unsourced == []
    rows = select(store, """SELECT ?url ?publisher ?issued WHERE {
        cjd:stage-comprehensive-strategic-partnership prov:wasDerivedFrom ?s .
        ?s schema:url ?url ; dct:publisher/rdfs:label ?publisher . OPTIONAL { ?s dct:issued ?issued } }""")
    assert {"url": SEED_URL, "publisher": "BNN Breaking", "issued": "2024-03-26"} in rows


def _ask(built: Path, where: str) -> bool:
    return bool(open_store(built).query("ASK { " + where + " }", prefixes=PREFIXES))


SEED_FACTS = {
    "comprehensive strategic partnership in the 70th anniversary year": f"""
        cjd:cambodia-japan-relations cj:stage ?st . ?st rdfs:label "Comprehensive Strategic Partnership"@en ;
        cj:startDate "2023-01-01"^^xsd:date ; cj:startDatePrecision time:unitYear ;
        prov:wasDerivedFrom/schema:url "{SEED_URL}"^^xsd:anyURI .""",
    "seminar in Phnom Penh on politics, defence, economy and exchanges": """
        cjd:seminar-comprehensive-strategic-partnership-2024 a cj:Conference ; cj:place cjd:phnom-penh ;
        cj:date "2024-03-01"^^xsd:date ; cj:datePrecision time:unitMonth ;
        cj:sector sector:diplomacy, sector:defense, sector:economy, sector:people-to-people .""",
    "ambassador Atsushi Ueno spoke at the seminar": """
        cjd:seminar-comprehensive-strategic-partnership-2024 cj:participant cjd:atsushi-ueno ; cj:outcome ?o .
        ?t org:member cjd:atsushi-ueno ; cj:office cjd:ambassador-of-japan-to-cambodia .""",
    "Hun Manet and Fumio Kishida have met": """
        ?s cj:about cjd:hun-manet ; cj:concerns cjd:fumio-kishida ; a cj:Statement .
        ?t1 org:member cjd:hun-manet ; cj:office cjd:prime-minister-of-cambodia .
        ?t2 org:member cjd:fumio-kishida ; cj:office cjd:prime-minister-of-japan .""",
    "defence memoranda and joint training": """
        cjd:seed-defence-memoranda-and-training cj:about cjd:cambodia ; cj:concerns cjd:japan ;
            cj:sector sector:defense .""",
    "Hun Manet called for Japanese investment": """
        cjd:seed-hun-manet-calls-for-investment cj:about cjd:hun-manet ; cj:sector sector:investment .""",
    "a Cambodia–Japan Special Economic Zone proposed": """
        cjd:cambodia-japan-special-economic-zone a cj:Project ; cj:status "proposed" .
        cjd:hun-manet-proposes-japanese-sez-study cj:about cjd:hun-manet ;
            cj:concerns cjd:cambodia-japan-special-economic-zone .""",
    "the Japan Alumni of Cambodia": """
        cjd:japan-alumni-of-cambodia a cj:Association ; skos:altLabel "JAC"@en ; cj:sector sector:people-to-people .""",
    "renewable energy": "cjd:seed-renewable-energy-cooperation cj:sector sector:energy .",
    "free trade": "cjd:seed-free-trade-discussion cj:sector sector:trade .",
    "tourism": "cjd:seed-tourism-cooperation cj:sector sector:tourism .",
    "supply chains and the Mekong logistics hub": """
        cjd:seed-supply-chains-logistics-hub cj:sector sector:transport , sector:regional .""",
}


@pytest.mark.parametrize("fact", sorted(SEED_FACTS))
def test_seed_article_facts_are_queryable(built: Path, fact: str):
    assert _ask(built, SEED_FACTS[fact]), fact


def test_every_seed_fact_cites_the_seed_article(built: Path):
    rows = select(open_store(built), f"""SELECT ?id WHERE {{ ?f dct:identifier ?id ;
        prov:wasDerivedFrom/schema:url "{SEED_URL}"^^xsd:anyURI }} ORDER BY ?id""")
    ids = {r["id"] for r in rows}
    assert {"seminar-comprehensive-strategic-partnership-2024", "cambodia-japan-special-economic-zone",
            "stage-comprehensive-strategic-partnership", "seed-tourism-cooperation"} <= ids


def test_people_fields_and_outside_identifiers_are_emitted(built: Path, tmp_path: Path):
    """birth_year as schema:birthDate (an xsd:gYear), titles as schema:honorificPrefix, same_as as
    schema:sameAs: from the curated data, and from a copy of the mini fixture given the others."""
    store = open_store(built)
    years = select(store, "SELECT ?y WHERE { cjd:atsuhito-nakata schema:birthDate ?y }")
    assert [r["y"] for r in years] == ["1968"]
    assert next(iter(store.query(
        "SELECT (DATATYPE(?y) AS ?t) WHERE { cjd:atsuhito-nakata schema:birthDate ?y }", prefixes=PREFIXES)))["t"] \
        == ox.NamedNode(PREFIXES["xsd"] + "gYear")

    from .conftest import MINI

    data = tmp_path / "data"
    data.mkdir()
    for f in MINI.iterdir():
        text = f.read_text(encoding="utf-8")
        if f.name == "entities.yaml":
            text = text.replace("  - id: japan\n    name: Japan\n",
                                "  - id: japan\n    name: Japan\n    same_as: [\"http://www.wikidata.org/entity/Q17\"]\n")
            text += ("  - id: say-chhum\n    name: Say Chhum\n    aliases: [Samdech Say Chhum]\n"
                     "    titles: [Samdech]\n    nationality: cambodia\n")
        (data / f.name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(out, data)
    nt = (out / "cjkg.nt").read_text(encoding="utf-8")
    assert "<https://w3id.org/cjkg/id/japan> <https://schema.org/sameAs> <http://www.wikidata.org/entity/Q17> ." in nt
    assert '<https://w3id.org/cjkg/id/say-chhum> <https://schema.org/honorificPrefix> "Samdech"@en .' in nt


def test_a_build_says_where_its_time_went(tmp_path: Path, invoke):
    from graph.phases import ORDER

    from .conftest import MINI

    result = invoke("build", "--data", MINI, "--out", tmp_path / "out", "-q", "--phases")
    assert result.exit_code == 0, result.output
    shown = {line[len("phase "):].rsplit(": ", 1)[0]: float(line.rsplit(": ", 1)[1].split()[0])
             for line in result.stdout.splitlines() if line.startswith("phase ")}
    assert list(shown) == list(ORDER)  # a full build passes through every phase, shown in order
    assert all(seconds >= 0 for seconds in shown.values())
