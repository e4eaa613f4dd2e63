"""The JSON API: /api/v1/search/, /api/v1/similar/, /api/v1/suggest/."""

from __future__ import annotations

import pytest

from search.backends.database import DatabaseBackend
from tests.search.contract_fixtures import HIDDEN_TOWN, build_corpus


@pytest.fixture
def corpus(db, case_index, settings):
    settings.ELASTICSEARCH_URLS = []
    corpus = build_corpus()
    DatabaseBackend().rebuild()
    return corpus


def api(client, endpoint, status=200, **params):
    response = client.get(f"/api/v1/{endpoint}/", params)
    assert response.status_code == status, response.content
    return response, response.json()


def test_search_api_returns_hits_facets_and_paging(client, corpus):
    _response, data = api(client, "search", q="fuites")
    assert data["total"] == len(data["hits"]) == 3
    assert data["page"] == 1
    assert data["num_pages"] == 1
    assert data["backend"] == "database"
    assert data["fallback"] is False
    assert {item["value"] for item in data["facets"]["type"]} == {
        "casestudy",
        "thread",
    }


def test_search_api_case_study_hits_carry_external_id(client, corpus):
    _response, data = api(client, "search", q="fuites", type="casestudy")
    hit = next(h for h in data["hits"] if h["id"] == corpus.leaks.pk)
    assert hit["external_id"] == "contrat-fuites"
    assert hit["type"] == "casestudy"
    assert "<mark>" in hit["snippet"]
    assert hit["url"]


def test_search_api_hides_members_only_content_from_visitors(client, corpus):
    _response, data = api(client, "search", q="télémétrie")
    assert data["total"] == 0
    assert data["hits"] == []


def test_search_api_shows_members_only_content_to_members(client, corpus, member):
    client.force_login(member)
    response, data = api(client, "search", q="télémétrie")
    assert data["total"] == 2
    assert "private" in response["Cache-Control"]


def test_search_api_never_names_anonymous_town_to_visitors(client, corpus):
    response, _data = api(client, "search", q="archives")
    assert HIDDEN_TOWN not in response.content.decode()


def test_search_api_rejects_non_numeric_page_in_french(client, corpus):
    _response, data = api(client, "search", status=400, q="fuites", page="abc")
    assert "nombre entier" in data["error"]


def test_search_api_rejects_unknown_type_in_french(client, corpus):
    _response, data = api(client, "search", status=400, q="fuites", type="pdf")
    assert "Type de contenu inconnu" in data["error"]


def test_search_api_refuses_post(client, corpus):
    assert client.post("/api/v1/search/", {"q": "fuites"}).status_code == 405


def test_similar_api_finds_near_duplicate_by_text(client, corpus):
    _response, data = api(
        client,
        "similar",
        q="Capteurs acoustiques pour repérer les fuites de l'aqueduc",
        types="casestudy",
    )
    assert data["results"][0]["id"] == corpus.leaks.pk
    assert data["results"][0]["external_id"] == "contrat-fuites"


def test_similar_api_by_object_excludes_the_object(client, corpus):
    _response, data = api(client, "similar", type="casestudy", id=str(corpus.leaks.pk))
    ids = [(hit["type"], hit["id"]) for hit in data["results"]]
    assert ("casestudy", corpus.leaks.pk) not in ids
    assert ("thread", corpus.public_thread.pk) in ids


def test_similar_api_excludes_page_being_edited(client, corpus):
    _response, data = api(
        client,
        "similar",
        q=corpus.leaks.title,
        exclude=f"casestudy:{corpus.leaks.pk}",
    )
    assert corpus.leaks.pk not in [
        hit["id"] for hit in data["results"] if hit["type"] == "casestudy"
    ]


def test_similar_api_hides_members_only_object_from_visitors(client, corpus):
    api(client, "similar", status=404, type="casestudy", id=str(corpus.secret.pk))


def test_similar_api_asks_for_text_or_object(client, corpus):
    _response, data = api(client, "similar", status=400)
    assert "Indiquez un texte" in data["error"]


def test_similar_api_caps_limit(client, corpus):
    _response, data = api(client, "similar", q="citoyens Québec fuites", limit="500")
    assert len(data["results"]) <= 20


def test_suggest_api_returns_titles(client, corpus):
    _response, data = api(client, "suggest", q="transcr")
    assert data["results"][0]["text"] == corpus.transcription.title
    assert data["results"][0]["type"] == "casestudy"


def test_suggest_api_hides_members_only_titles_from_visitors(client, corpus):
    _response, data = api(client, "suggest", q="Télémé")
    assert data["results"] == []


def test_suggest_api_answers_nothing_for_one_letter(client, corpus):
    _response, data = api(client, "suggest", q="t")
    assert data["results"] == []
