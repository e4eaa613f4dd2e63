import pytest
from django.core.management import call_command


@pytest.fixture
def directory(db):
    call_command("load_municipalities", verbosity=0)


def test_home_page_is_served_in_french_by_default(client, site_root, directory):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr-ca">' in html
    assert "Aller au contenu principal" in html
    assert site_root.title in html
    assert "Répertoire des municipalités, CC BY 4.0" in html


def test_home_page_is_served_in_english_under_en(client, site_root, directory):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert site_root.title_en in html
    assert "Aller au contenu principal" not in html


def test_language_switch_links_to_the_same_page_in_the_other_language(
    client, site_root
):
    html = client.get("/a-propos/donnees/").content.decode()
    assert 'href="/en/a-propos/donnees/" hreflang="en"' in html
    english = client.get("/en/a-propos/donnees/").content.decode()
    assert 'href="/a-propos/donnees/" hreflang="fr-ca"' in english


def test_home_page_counts_the_municipalities_of_the_directory(
    client, site_root, directory
):
    from cop.taxonomy.models import Municipality

    count = Municipality.objects.count()
    html = client.get("/").content.decode()
    assert f"{count:,}".replace(",", "\u00a0") in html or f"{count:,}" in html


def test_about_data_page_credits_the_source_and_lists_regions(
    client, site_root, directory
):
    response = client.get("/a-propos/donnees/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ministère des Affaires municipales et de l'Habitation" in html.replace(
        "&#x27;", "'"
    )
    assert "Saguenay–Lac-Saint-Jean" in html


def test_unknown_page_answers_a_french_404(client, site_root):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_search_page_shows_an_empty_state_without_query(client, site_root):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert "Tapez quelques mots" in response.content.decode()


def test_search_page_rejects_an_oversized_query_with_a_french_message(
    client, site_root
):
    response = client.get("/recherche/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert "La recherche est limitée à 200 caractères." in response.content.decode()


def test_search_page_finds_a_published_case_study_by_a_word_of_its_title(
    client, site_root
):
    from tests.factories import make_case_study

    case = make_case_study(title="Détection des nids-de-poule", slug="nids")
    response = client.get("/recherche/", {"q": "nids"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 résultat" in html
    assert f'href="{case.url}"' in html
