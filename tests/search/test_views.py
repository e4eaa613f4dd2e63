"""The search page (/recherche/): results, facets, filters, notices."""

from __future__ import annotations

import pytest

from search.backends.database import DatabaseBackend
from tests.search.contract_fixtures import build_corpus


@pytest.fixture
def corpus(db, case_index, settings):
    settings.ELASTICSEARCH_URLS = []
    corpus = build_corpus()
    DatabaseBackend().rebuild()
    return corpus


def get(client, **params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return response, response.content.decode()


def test_search_page_shows_type_badge_and_highlighted_snippet(client, corpus):
    _response, html = get(client, q="fuites")
    assert corpus.leaks.title.replace("'", "&#x27;") in html
    assert "<mark>fuites</mark>" in html
    assert "Étude de cas" in html
    assert "Discussion" in html


def test_search_page_escapes_markup_from_content(client, corpus):
    _response, html = get(client, q="graves")
    assert "<b>graves</b>" not in html
    assert "&lt;b&gt;" in html


def test_search_page_facet_link_adds_filter_and_keeps_query(client, corpus):
    response, _html = get(client, q="fuites")
    groups = {group["name"]: group for group in response.context["facet_groups"]}
    option = next(o for o in groups["type"]["options"] if o["value"] == "thread")
    assert "q=fuites" in option["url"]
    assert "type=thread" in option["url"]
    narrowed, html = get(client, q="fuites", type="thread")
    assert narrowed.context["results"].total == option["count"] == 1
    assert corpus.public_thread.title in html


def test_search_page_chip_link_removes_only_its_filter(client, corpus):
    response, html = get(client, q="fuites", type="casestudy", theme=corpus.water.slug)
    chips = response.context["chips"]
    assert len(chips) == 2
    type_chip = next(chip for chip in chips if "type=" not in chip["remove_url"])
    assert f"theme={corpus.water.slug}" in type_chip["remove_url"]
    assert "q=fuites" in type_chip["remove_url"]
    assert "Effacer les filtres" in html


def test_search_page_combines_filters_with_and(client, corpus):
    response, _html = get(
        client, outcome=["success", "failure"], theme=corpus.services.slug
    )
    assert {item["hit"].pk for item in response.context["items"]} == {
        corpus.agent.pk,
        corpus.archives.pk,
    }


def test_search_page_clamps_page_beyond_the_last(client, corpus):
    response, html = get(client, q="Québec", page="9999")
    assert response.context["results"].query.page == 1
    assert corpus.leaks.title.replace("'", "&#x27;") in html


def test_search_page_empty_state_gives_advice(client, corpus):
    _response, html = get(client, q="xylophonique")
    assert "Aucun résultat pour « xylophonique »" in html
    assert "vérifiez l'orthographe" in html


def test_search_page_keeps_long_text_and_says_it_was_shortened(client, corpus):
    typed = "fuites " * 100
    _response, html = get(client, q=typed)
    assert "Seuls les 200 premiers caractères" in html
    assert f'value="{typed.strip()}' in html or f'value="{typed}"' in html


def test_search_page_without_query_invites_typing(client, corpus):
    _response, html = get(client)
    assert "Tapez quelques mots" in html


def test_search_page_hides_members_only_results_from_visitors(client, corpus):
    response, _html = get(client, q="télémétrie")
    assert response.context["results"].total == 0


def test_search_page_shows_members_only_results_to_members(client, corpus, member):
    client.force_login(member)
    response, html = get(client, q="télémétrie")
    assert response.context["results"].total == 2
    assert "Membres seulement" in html


def test_search_page_hides_real_town_of_anonymous_case(client, corpus):
    _response, html = get(client, q="archives")
    assert "Numérisation des archives municipales" in html
    assert "Rivière-Cachée" not in html


def test_search_page_shows_fallback_notice_when_elasticsearch_is_down(
    client, corpus, dead_es_backend
):
    _response, html = get(client, q="fuites")
    assert "La recherche avancée est momentanément indisponible" in html
    assert "<mark>fuites</mark>" in html


def test_search_page_shows_no_fallback_notice_on_database_backend(client, corpus):
    _response, html = get(client, q="fuites")
    assert "momentanément indisponible" not in html
