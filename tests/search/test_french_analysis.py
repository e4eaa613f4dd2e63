"""French (and English) analysis on the Elasticsearch backend: people find
case studies whatever the inflection, accents or elisions they type."""

import pytest

from search.contract import SearchQuery
from tests.factories import make_case_study
from tests.search.conftest import reindex

pytestmark = pytest.mark.elasticsearch


def _titles(backend, text: str) -> list[str]:
    return [hit.title for hit in backend.search(SearchQuery(text=text)).hits]


@pytest.fixture
def corpus(es_backend, case_index, municipality_a):
    make_case_study(
        municipality=municipality_a,
        title="Repérage du nid-de-poule par les camions de collecte",
        summary="Des caméras signalent chaque nid-de-poule au service des travaux.",
    )
    make_case_study(
        municipality=municipality_a,
        title="Évaluation d'un logiciel de gestion des permis",
        summary="Une grille d'évaluation pour comparer trois fournisseurs.",
    )
    make_case_study(
        municipality=municipality_a,
        title="Un robot pour répondre aux citoyens",
        summary="Nous avons déployé l'agent conversationnel sur le site Web.",
    )
    make_case_study(
        municipality=municipality_a,
        title="Snow removal route optimisation",
        summary="Plows follow routes computed overnight from weather forecasts.",
        problem="Snowplough drivers wasted hours on overlapping routes.",
        language="en",
    )
    make_case_study(
        municipality=municipality_a,
        title="Bibliothèque ouverte le dimanche",
        summary="Des heures d'ouverture prolongées grâce au libre-service.",
    )
    reindex(es_backend)
    return es_backend


def test_search_finds_nid_de_poule_when_typing_nids_de_poule(corpus):
    assert _titles(corpus, "nids de poule") == [
        "Repérage du nid-de-poule par les camions de collecte"
    ]


def test_search_finds_evaluation_with_accent_when_typing_without(corpus):
    assert _titles(corpus, "evaluation") == [
        "Évaluation d'un logiciel de gestion des permis"
    ]


def test_search_finds_elided_singular_when_typing_plural(corpus):
    assert _titles(corpus, "agents conversationnels") == [
        "Un robot pour répondre aux citoyens"
    ]


def test_search_finds_english_case_study_by_its_english_words(corpus):
    assert _titles(corpus, "plowing forecast") == ["Snow removal route optimisation"]


def test_search_highlights_the_matching_inflection(corpus):
    hit = corpus.search(SearchQuery(text="nids de poule")).hits[0]
    assert "<mark>nid-de-poule</mark>" in hit.snippet
