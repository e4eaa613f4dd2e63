"""Elasticsearch-specific behaviour beyond the shared contract: index layout,
object-based similar, hostile input and facet labels."""

import pytest

from search.contract import VISITOR, SearchQuery
from tests.factories import ThemeFactory, make_case_study
from tests.search.conftest import reindex

pytestmark = pytest.mark.elasticsearch

HOSTILE = [
    '"unbalanced',
    "*",
    "NEAR(fuite, 5)",
    "title:^3 boost^",
    "((( )))",
    "fuite\x00",
    "\u202eאבג ערבית مرحبا",
    "a" * 10_000,
    "-",
    "\\",
    "/regex/",
    "fuite~2 OR AND NOT",
]


def test_each_kind_has_an_alias_on_one_versioned_index(es_backend):
    for row in es_backend.status():
        assert row["alias"] == f"{es_backend.prefix}-{row['kind']}"
        [index] = row["indices"]
        assert index.startswith(f"{row['alias']}-")


def test_ensure_indices_is_idempotent(es_backend):
    before = [row["indices"] for row in es_backend.status()]
    es_backend.ensure_indices()
    assert [row["indices"] for row in es_backend.status()] == before


def test_ensure_indices_replaces_an_index_squatting_the_alias_name(es_backend):
    es_backend.delete_indices()
    es_backend.client.indices.create(index=es_backend.alias("thread"))
    es_backend.ensure_indices()
    [index] = es_backend.status_of("thread")["indices"]
    assert index != es_backend.alias("thread")


@pytest.mark.parametrize("text", HOSTILE)
def test_search_accepts_hostile_text(es_backend, text):
    results = es_backend.search(SearchQuery(text=text, filters={"year": ("x" * 500,)}))
    assert results.total == 0


@pytest.mark.parametrize("text", HOSTILE)
def test_similar_and_suggest_accept_hostile_text(es_backend, text):
    assert es_backend.similar(text=text, viewer=VISITOR) == []
    assert es_backend.suggest(text, viewer=VISITOR) == []


def test_similar_to_an_object_excludes_it_and_finds_its_near_duplicate(
    es_backend, case_index, municipality_a
):
    source = make_case_study(
        municipality=municipality_a,
        title="Capteurs de niveau d'eau dans les ponceaux",
        summary="Des capteurs préviennent les inondations des ponceaux.",
        problem="Les ponceaux débordaient sans avertissement.",
    )
    twin = make_case_study(
        municipality=municipality_a,
        title="Surveillance des ponceaux par capteurs",
        summary="Capteurs de niveau pour prévenir les inondations.",
        problem="Des ponceaux bouchés inondaient la route.",
    )
    make_case_study(
        municipality=municipality_a,
        title="Bibliothèque sans personnel",
        problem="Les heures d'ouverture étaient trop courtes.",
    )
    reindex(es_backend)
    hits = es_backend.similar(text="", viewer=VISITOR, exclude=("casestudy", source.pk))
    assert [hit.pk for hit in hits] == [twin.pk]


def test_facet_values_carry_database_labels(es_backend, case_index, municipality_a):
    theme = ThemeFactory(slug="eau-potable", name_fr="Eau potable")
    make_case_study(municipality=municipality_a, themes=[theme], outcome="partial")
    reindex(es_backend)
    facets = es_backend.search(SearchQuery()).facets
    assert [(f.value, f.label, f.count) for f in facets["theme"]] == [
        ("eau-potable", "Eau potable", 1)
    ]
    assert [(f.value, f.label) for f in facets["outcome"]] == [
        ("partial", "Réussite partielle")
    ]
