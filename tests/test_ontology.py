"""The ontology and the shapes: every term defined, every class shaped, every shape able to fire."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from graph.namespaces import CJ, CJD, CJSH
from graph.ontology import ontology_graph, shapes_graph, vocabulary
from graph.shacl import check_shapes
from graph.shacl_sparql import check_store, touched_nodes
from graph.store import open_store

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


def _cj_terms(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for kind in KINDS for s in g.subjects(RDF.type, kind) if str(s).startswith(CJ)}


def test_every_term_has_english_label_definition_and_is_defined_by():
    g = ontology_graph()
    terms = _cj_terms(g)
    assert len(terms) > 80
    for term in terms:
        labels = {lit.language for lit in g.objects(term, RDFS.label)}
        assert "en" in labels, term
        assert g.value(term, SKOS.definition) is not None, term
        assert g.value(term, RDFS.isDefinedBy) is not None, term


def test_every_cj_iri_used_is_declared():
    g = ontology_graph() + shapes_graph()
    declared = _cj_terms(ontology_graph())
    used = {t for triple in g for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(CJ)}
    assert used - declared == set()


def test_properties_say_where_they_apply():
    g = ontology_graph()
    for prop in _cj_terms(g):
        if (prop, RDF.type, OWL.Class) in g or (prop, RDF.type, OWL.NamedIndividual) in g:
            continue
        assert g.value(prop, RDFS.domain) is not None or g.value(prop, RDFS.range) is not None, prop


def test_shapes_pass_meta_shacl():
    conforms, _, text = validate(rdflib.Graph(), shacl_graph=shapes_graph(), meta_shacl=True)
    assert conforms, text


def test_every_class_is_the_target_of_a_shape():
    g, shapes = ontology_graph(), shapes_graph()
    targets = set(shapes.objects(None, SH.targetClass))
    for cls in _cj_terms(g):
        if (cls, RDF.type, OWL.Class) not in g:
            continue
        ancestors = set(g.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & targets, f"{cls} is not covered by any shape"


def test_controlled_kinds_come_from_the_ontology():
    v = vocabulary()
    assert v.event_kinds["state-visit"] == CJ + "StateVisit"
    assert v.agreement_kinds["exchange-of-notes"] == CJ + "ExchangeOfNotes"
    assert v.organisation_kinds["international-organisation"] == CJ + "InternationalOrganisation"
    assert len(v.sectors) == 28 and "labor-migration" in v.sectors
    assert v.amount_roles["grant ceiling"].endswith("amount-role/grant-ceiling")
    assert {"grant", "loan ceiling", "project cost", "converted estimate"} <= set(v.amount_roles)


PREFIXES = """
@prefix cj: <https://w3id.org/cjkg/ontology#> . @prefix cjd: <https://w3id.org/cjkg/id/> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix sector: <https://w3id.org/cjkg/sector/> .
"""
# One crafted bad record per node shape; each breaks that shape and (ideally) only it.
BAD = {
    "FactShape": 'cjd:s1 a cj:Statement ; dct:identifier "s1" ; rdfs:label "x"@en ; cj:confidence "sure" ; '
                 'cj:curatedIn "f.yaml" ; cj:about cjd:japan ; cj:relationText "r" .',
    "SourceShape": 'cjd:src a cj:Source ; schema:url "ftp://example.org"^^xsd:anyURI .',
    "PublisherShape": "cjd:pub a cj:Publisher .",
    "CountryShape": 'cjd:c a cj:Country ; dct:identifier "c" ; rdfs:label "C"@en ; cj:isoCode "khm" .',
    "PersonShape": 'cjd:p a cj:Person ; dct:identifier "p" ; rdfs:label "P"@en ; cj:country cjd:tokyo . '
                   'cjd:tokyo a cj:Place ; rdfs:label "Tokyo"@en .',
    "OrganisationShape": 'cjd:o a cj:Company ; dct:identifier "o" ; rdfs:label "O"@en ; cj:sector cjd:not-a-sector .',
    "FrameworkShape": 'cjd:f a cj:Framework ; dct:identifier "f" .',
    "OfficeShape": 'cjd:off a cj:Office ; dct:identifier "off" ; rdfs:label "Office"@en .',
    "TermOfOfficeShape": "cjd:t a cj:TermOfOffice ; cj:startDate \"2020-01-01\"^^xsd:date ; "
                         "cj:endDate \"2019-01-01\"^^xsd:date .",
    "EventShape": "cjd:e a cj:Summit ; cj:date \"2022-11-12\"^^xsd:date .",
    "AgreementShape": "cjd:a a cj:Memorandum ; cj:dateSigned \"2013-12-16\"^^xsd:date .",
    "SignatureShape": "cjd:sig a cj:Signature .",
    "ShareholdingShape": "cjd:sh a cj:Shareholding .",
    "EventSeriesShape": "cjd:es a cj:EventSeries .",
    "CommitmentShape": 'cjd:com a cj:Commitment ; cj:dateSigned "2009-01-01"^^xsd:date ; '
                       'cj:dateInForce "2008-12-01"^^xsd:date .',
    "MonetaryAmountShape": 'cjd:m a schema:MonetaryAmount ; schema:value "12"^^xsd:decimal ; schema:currency "yen" .',
    "ProjectShape": 'cjd:pr a cj:Project ; cj:status "finished" ; cj:sector sector:transport .',
    "MeasureShape": 'cjd:me a cj:Measure ; dct:identifier "me" ; rdfs:label "M"@en .',
    "ObservationShape": 'cjd:ob a cj:Observation ; cj:year "2020"^^xsd:gYear ; cj:value "1"^^xsd:decimal ; '
                        'cj:unit "USD" .',
    "PlaceShape": "cjd:pl a cj:Place .",
    "VesselShape": 'cjd:v a cj:Vessel ; dct:identifier "v" ; rdfs:label "JS V"@en .',
    "RelationshipShape": 'cjd:r a cj:Relationship ; dct:identifier "r" ; rdfs:label "R"@en ; cj:between cjd:kh . '
                         'cjd:kh a cj:Country ; dct:identifier "kh" ; rdfs:label "KH"@en .',
    "RelationshipStageShape": "cjd:st a cj:RelationshipStage .",
    "StatementShape": "cjd:sta a cj:Statement .",
    "DisagreementShape": "cjd:d a cj:Disagreement .",
    "SectorConceptShape": "cjd:e2 a cj:Event ; cj:sector cjd:some-concept . cjd:some-concept a skos:Concept .",
    "QuantitativeValueShape": 'cjd:q a schema:QuantitativeValue ; schema:value "1"^^xsd:decimal ; '
                              'schema:unitCode "km" .',
    "QuantityKindConceptShape": 'cjd:q2 a schema:QuantitativeValue ; schema:value "1"^^xsd:decimal ; '
                                'schema:unitCode "KMT" ; cj:quantityKind sector:transport .',
    "ParticipationShape": "cjd:pa a cj:Participation .",
    "ParticipationRoleConceptShape": "cjd:pa2 a cj:Participation ; prov:agent cjd:p9 ; prov:hadRole sector:transport . "
                                     "cjd:p9 a cj:Person .",
    "AmountRoleConceptShape": 'cjd:m2 a schema:MonetaryAmount ; schema:value "1"^^xsd:decimal ; '
                              'schema:currency "USD" ; cj:amountRole sector:transport .',
}


def _node_shapes() -> list[str]:
    return sorted(str(s)[len(CJSH):] for s in shapes_graph().subjects(RDF.type, SH.NodeShape))


def test_every_node_shape_has_a_crafted_bad_record():
    assert sorted(BAD) == _node_shapes()


def _crafted(shape: str) -> rdflib.Graph:
    """The bad record for `shape`, with the ontology so that class targets reach subclasses."""
    data = rdflib.Graph()
    data.parse(data=PREFIXES + BAD[shape], format="turtle")
    data += ontology_graph()
    return data


@pytest.mark.parametrize("shape", sorted(BAD))
def test_every_shape_fires_on_its_bad_record(shape: str):
    report = check_shapes(_crafted(shape))
    fired = {p.message.rsplit("[", 1)[1].rstrip("]") for p in [*report.violations, *report.warnings]}
    owners = {f"cjsh:{shape}"} | {
        f"cjsh:{str(ps)[len(CJSH):]}" for ps in shapes_graph().objects(rdflib.URIRef(CJSH + shape), SH.property)
    }
    if shape == "SectorConceptShape":
        owners |= {"cjsh:Event-sector"}  # it is reached through the sector property shapes
    if shape == "AmountRoleConceptShape":
        owners |= {"cjsh:MonetaryAmount-amountRole"}
    if shape == "ParticipationRoleConceptShape":
        owners |= {"cjsh:Participation-role"}
    if shape == "QuantityKindConceptShape":
        owners |= {"cjsh:QuantitativeValue-kind"}
    assert fired & owners, f"{shape} did not fire; fired: {fired}"


def test_valid_mini_data_conforms(mini_built):
    data = rdflib.Graph()
    data.parse(mini_built / "cjkg.nt", format="nt")
    assert check_shapes(data).violations == []


@pytest.mark.parametrize("shape", sorted(BAD))
def test_the_store_validator_agrees_with_pyshacl(shape: str):
    data = _crafted(shape)
    by_pyshacl = check_shapes(data)
    store = ox.Store()
    store.load(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    by_sparql = check_store(store)
    assert by_sparql.violations == by_pyshacl.violations
    assert by_sparql.warnings == by_pyshacl.warnings


def test_the_store_validator_agrees_on_the_mini_data(mini_built):
    data = rdflib.Graph()
    data.parse(mini_built / "cjkg.nt", format="nt")
    report = check_store(open_store(mini_built))
    assert report.violations == check_shapes(data).violations == []
    assert report.warnings == check_shapes(data).warnings


def test_checking_the_touched_nodes_finds_what_a_whole_check_finds():
    """A rebuild checks only the nodes a change touches: an event whose sector concept changed is one."""
    store = ox.Store()
    store.load(_crafted("SectorConceptShape").serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    whole = check_store(store)
    assert any(p.file == "cjd:e2" for p in whole.violations)
    touched = touched_nodes(store, {CJD + "some-concept"}, limit=100)
    assert touched == {CJD + "some-concept", CJD + "e2"}
    assert check_store(store, foci=touched).violations == whole.violations
    assert touched_nodes(store, {CJD + "some-concept"}, limit=1) is None
