"""The one resolver, on the curated build: every name of every entity finds it, in any language, case,
accent, order, with titles, by a unique prefix; a misspelling gets a suggestion, a shared name a list."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import QueryError
from graph.loader import load_catalog
from graph.namespaces import CJ, CJD
from graph.records import Entity
from graph.resolve import NameIndex, fold, name_index, resolve, words
from graph.resources import data_dir
from graph.store import cached_store


@pytest.fixture(scope="module")
def store(built: Path):
    return cached_store(built)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(data_dir())


def record(catalog, ident: str) -> Entity:
    return catalog.records[ident].record


def test_fold_ignores_case_accents_punctuation_order_and_small_words():
    assert fold("Electricité du Cambodge") == fold("ELECTRICITE DU CAMBODGE") == fold("Cambodge du, Électricité")
    assert fold("Port Autonomous of Sihanoukville") == fold("Sihanoukville Autonomous Port")
    assert fold("Port of Sihanoukville") != fold("Sihanoukville Autonomous Port")
    # Khmer vowel signs and the coeng are marks: they stay in their word, which is not cut apart
    assert words("ហ៊ុន សែន") == ["ហ៊ុន", "សែន"]
    assert words("安倍晋三") == ["安倍晋三"]


def test_an_alias_finds_its_entity(store, catalog):
    kishida = record(catalog, "fumio-kishida")
    for alias in kishida.aliases:
        assert resolve(store, alias) == CJD + "fumio-kishida"
        assert resolve(store, alias.upper()) == CJD + "fumio-kishida"


def test_khmer_and_japanese_names_find_their_entities(store, catalog):
    for ident in ("hun-sen", "hun-manet", "shinzo-abe", "fumio-kishida"):
        rec = record(catalog, ident)
        for name in (rec.name_km, rec.name_ja):
            if name:
                assert resolve(store, name, CJ + "Person") == CJD + ident
    assert record(catalog, "hun-sen").name_km and record(catalog, "shinzo-abe").name_ja


def test_word_order_and_accents_do_not_matter(store, catalog):
    assert resolve(store, "sen hun") == CJD + "hun-sen"
    edc = next(loc.record for loc in catalog.records.values()
               if isinstance(loc.record, Entity) and loc.record.name == "Electricité du Cambodge")
    assert resolve(store, "electricite du cambodge") == CJD + edc.id


def test_order_given_is_preferred_where_names_fold_alike(store):
    # "Ambassador of Japan to Cambodia" and "... of Cambodia to Japan" have the same words
    assert resolve(store, "ambassador of japan to cambodia") == CJD + "ambassador-of-japan-to-cambodia"
    assert resolve(store, "AMBASSADOR OF CAMBODIA TO JAPAN") != CJD + "ambassador-of-japan-to-cambodia"


def test_an_identifier_an_iri_and_a_curie_match(store):
    assert resolve(store, "hun-manet") == CJD + "hun-manet"
    assert resolve(store, "cjd:hun-manet") == CJD + "hun-manet"
    assert resolve(store, CJD + "hun-manet") == CJD + "hun-manet"


def test_titles_and_honorifics_are_dropped_when_the_name_does_not_match_as_given(store):
    assert resolve(store, "Samdech Hun Sen") == CJD + "hun-sen"
    assert resolve(store, "H.E. Hor Namhong") == CJD + "hor-namhong"
    assert resolve(store, "Prime Minister Hun Manet", CJ + "Person") == CJD + "hun-manet"
    # as given, an office's name is not stripped of its words
    assert resolve(store, "prime minister of cambodia") == CJD + "prime-minister-of-cambodia"


def test_a_unique_prefix_matches(store):
    assert resolve(store, "Neak Loeung Br", CJ + "Project") == CJD + "tsubasa-bridge"
    assert resolve(store, "Hor Nam") == CJD + "hor-namhong"
    # the person before the many meetings whose titles name him
    assert resolve(store, "Kishida") == CJD + "fumio-kishida"


def test_a_class_restricts_the_lookup(store):
    with pytest.raises(QueryError, match="names no Place"):
        resolve(store, "Hun Sen", CJ + "Place")


def test_a_misspelling_suggests_the_nearest_names(store):
    with pytest.raises(QueryError, match="did you mean 'Hun Sen'"):
        resolve(store, "Hun Sne")


def test_a_shared_name_lists_the_candidates_with_kinds_and_dates(store):
    with pytest.raises(QueryError) as e:
        resolve(store, "Hun", CJ + "Person")
    message = str(e.value)
    assert "ambiguous" in message
    for ident in ("hun-sen", "hun-manet", "hun-many"):
        assert f"{ident}: " in message
    assert "(person" in message
    # the Tsubasa Bridge (project) and the ceremonies and agreement whose titles name it
    with pytest.raises(QueryError, match=r"tsubasa-bridge-inauguration: .*\(ceremony, 2015-04-06\)") as e:
        resolve(store, "Tsubasa")
    assert "tsubasa-bridge: Tsubasa Bridge (project, " in str(e.value)


def test_every_name_of_every_entity_finds_it(store, catalog):
    """All names of all curated entities, each through the resolver as written, in capitals and
    with its words reversed (through the folded index): the entity comes back, or an ambiguity
    listing that names it (where two entities share the name)."""
    shared, walked = set(), 0
    for loc in catalog.records.values():
        rec = loc.record
        if not isinstance(rec, Entity):
            continue
        for name in (rec.name, *rec.aliases, rec.name_ja, rec.name_km):
            if not name:
                continue
            walked += 1
            for given in (name, name.upper(), " ".join(reversed(name.split()))):
                try:
                    assert resolve(store, given) == CJD + rec.id, given
                except QueryError as e:
                    assert "ambiguous" in str(e) and f"{rec.id}: " in str(e), str(e)
                    shared.add((given, rec.id))
    print(f"\n{walked} names walked; {len(shared)} shared by two or more entities: {sorted(shared)}")
    assert walked > 1000 and len(shared) < walked / 50


def test_the_name_index_is_built_once_per_store_and_reused(store, monkeypatch):
    """Lookups stay quick because the index of every name is made once per store, not per lookup
    (the benchmark times them; a test checks the behaviour that makes them quick)."""
    first = name_index(store)
    made = []
    real = NameIndex.of
    monkeypatch.setattr(NameIndex, "of", classmethod(lambda cls, s: made.append(s) or real(s)))
    for q in ["Hor Nam", "sen hun", "Samdech Hun Sen", "jica", "ambassador of japan to cambodia", "Kishida"]:
        resolve(store, q)
    assert name_index(store) is first and made == []


def test_named_query_parameters_use_the_resolver(invoke, built):
    result = invoke("query", "sources-of", "--out", built, "-p", "entity=tsubasa bridge", "-f", "csv")
    assert result.exit_code == 0 and "http" in result.output
    result = invoke("query", "sources-of", "--out", built, "-p", "entity=Hun Sne", "-f", "csv")
    assert result.exit_code != 0 and "did you mean 'Hun Sen'" in result.output
