"""The case study index: cards, combinable filters, facet counts, sorting, paging."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from casestudies.models import CaseStudyPage
from tests.factories import (
    MunicipalityFactory,
    RegionFactory,
    SolutionFactory,
    ThemeFactory,
    UserFactory,
    give_profile,
    make_case_study,
)

INDEX = "/etudes-de-cas/"


@pytest.fixture
def catalogue(case_index):
    """Six cases spread over two themes, two regions, two sizes and two solutions."""
    water = ThemeFactory(slug="eau", name_fr="Eau potable")
    roads = ThemeFactory(slug="voirie", name_fr="Voirie")
    north = RegionFactory(code="02", name="Saguenay–Lac-Saint-Jean")
    south = RegionFactory(code="05", name="Estrie")
    small_north = MunicipalityFactory(
        name="Petite-Nord", region=north, population=5_000
    )
    big_north = MunicipalityFactory(name="Grande-Nord", region=north, population=60_000)
    small_south = MunicipalityFactory(name="Petite-Sud", region=south, population=4_000)
    sensors = SolutionFactory(name="Capteurs acoustiques")
    chatbot = SolutionFactory(name="Agent conversationnel")
    cases = {
        "leaks": make_case_study(
            title="Fuites d'aqueduc",
            municipality=small_north,
            themes=[water],
            solutions=[sensors],
            outcome="success",
            stage="deployed",
            started=datetime.date(2022, 3, 1),
            budget_cad=Decimal("185000"),
        ),
        "meters": make_case_study(
            title="Compteurs d'eau",
            municipality=big_north,
            themes=[water],
            solutions=[sensors],
            outcome="failure",
            stage="retired",
            started=datetime.date(2023, 5, 1),
        ),
        "potholes": make_case_study(
            title="Nids-de-poule",
            municipality=small_south,
            themes=[roads],
            outcome="failure",
            stage="pilot",
            started=datetime.date(2023, 9, 1),
        ),
        "snow": make_case_study(
            title="Déneigement",
            municipality=big_north,
            themes=[roads],
            solutions=[chatbot],
            outcome="partial",
            stage="deployed",
            started=datetime.date(2022, 1, 1),
        ),
        "pool": make_case_study(
            title="Qualité de l'eau des piscines",
            municipality=small_south,
            themes=[water, roads],
            outcome="ongoing",
            stage="pilot",
            started=datetime.date(2024, 6, 1),
        ),
        "lines": make_case_study(
            title="Lignes d'appel",
            municipality=small_north,
            themes=[roads],
            solutions=[chatbot],
            outcome="abandoned",
            stage="idea",
        ),
    }
    return {
        "cases": cases,
        "water": water,
        "roads": roads,
        "north": north,
        "south": south,
        "sensors": sensors,
        "chatbot": chatbot,
        "small_north": small_north,
    }


def titles(response) -> set[str]:
    return {case.title for case in response.context["cases"]}


def options(response, name: str) -> dict[str, tuple[int, bool]]:
    """{param: (count, disabled)} of one facet's select, as rendered."""
    group = next(g for g in response.context["facet_groups"] if g.name == name)
    return {option.param: (option.count, option.disabled) for option in group.options}


def test_listing_shows_each_visible_case_as_a_card(client, catalogue):
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(titles(response)) == 6
    assert "Fuites d&#x27;aqueduc" in html
    assert "185\u00a0000\u00a0$" in html
    assert "Petite-Nord" in html
    assert "Eau potable" in html
    assert ">2022<" in html
    assert '<span class="badge badge--failure">' in html
    assert "Échec" in html


def test_listing_marks_ongoing_cases_as_projects_in_progress(client, catalogue):
    html = client.get(INDEX, {"outcome": "ongoing"}).content.decode()
    assert "Projet en cours" in html
    assert "badge--ongoing" in html


def test_listing_ignores_unpublished_cases(client, catalogue):
    make_case_study(title="Brouillon secret", publish=False)
    assert "Brouillon secret" not in titles(client.get(INDEX))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "eau"}, {"leaks", "meters", "pool"}),
        ({"outcome": "failure"}, {"meters", "potholes"}),
        ({"stage": "pilot"}, {"potholes", "pool"}),
        ({"region": "05"}, {"potholes", "pool"}),
        ({"size": "l"}, {"meters", "snow"}),
        ({"year": "2023"}, {"meters", "potholes"}),
    ],
)
def test_each_filter_narrows_the_listing(client, catalogue, params, expected):
    response = client.get(INDEX, params)
    cases = catalogue["cases"]
    assert titles(response) == {cases[key].title for key in expected}


def test_solution_filter_narrows_the_listing(client, catalogue):
    response = client.get(INDEX, {"solution": catalogue["chatbot"].pk})
    cases = catalogue["cases"]
    assert titles(response) == {cases["snow"].title, cases["lines"].title}


def test_filters_combine(client, catalogue):
    response = client.get(
        INDEX, {"theme": "eau", "outcome": "failure", "region": "02", "size": "l"}
    )
    assert titles(response) == {catalogue["cases"]["meters"].title}


def test_facet_counts_count_the_cases_matching_the_other_filters(client, catalogue):
    response = client.get(INDEX, {"outcome": "failure"})
    # Themes are counted among failures only.
    assert options(response, "theme") == {"eau": (1, False), "voirie": (1, False)}
    # A facet's own value does not narrow its counts: every outcome stays countable.
    outcomes = options(response, "outcome")
    assert outcomes["failure"] == (2, False)
    assert outcomes["success"] == (1, False)
    assert outcomes["ongoing"] == (1, False)


def test_facet_counts_follow_several_other_filters(client, catalogue):
    response = client.get(INDEX, {"theme": "voirie", "region": "02"})
    assert options(response, "outcome")["partial"] == (1, False)
    assert options(response, "outcome")["abandoned"] == (1, False)
    assert options(response, "outcome")["failure"] == (0, True)
    assert options(response, "region") == {"02": (2, False), "05": (2, False)}
    assert options(response, "solution") == {str(catalogue["chatbot"].pk): (2, False)}


def test_facet_counts_are_shown_next_to_each_option(client, catalogue):
    html = client.get(INDEX).content.decode()
    assert '<option value="eau">Eau potable (3)</option>' in html
    assert '<option value="voirie">Voirie (4)</option>' in html


def test_options_without_matches_are_hidden_or_disabled(client, catalogue):
    response = client.get(INDEX, {"theme": "eau"})
    # Open lists drop empty options; short fixed lists keep them, disabled.
    assert str(catalogue["chatbot"].pk) not in options(response, "solution")
    assert options(response, "outcome")["abandoned"] == (0, True)
    assert options(response, "size")["xl"] == (0, True)
    assert '<option value="abandoned" disabled>' in response.content.decode()


def test_like_mine_preselects_the_viewers_region_and_size_band(client, catalogue):
    user = UserFactory(groups=["Members"])
    give_profile(user, municipality=catalogue["small_north"])
    client.force_login(user)
    response = client.get(INDEX, {"mine": "1"})
    html = response.content.decode()
    cases = catalogue["cases"]
    assert titles(response) == {cases["leaks"].title, cases["lines"].title}
    assert 'name="mine" value="1" checked' in html
    assert '<option value="02" selected>' in html
    assert '<option value="s" selected>' in html


def test_like_mine_gives_way_to_an_explicit_region(client, catalogue):
    user = UserFactory(groups=["Members"])
    give_profile(user, municipality=catalogue["small_north"])
    client.force_login(user)
    response = client.get(INDEX, {"mine": "1", "region": "05"})
    cases = catalogue["cases"]
    assert titles(response) == {cases["potholes"].title, cases["pool"].title}


def test_like_mine_is_explained_to_visitors_instead_of_offered(client, catalogue):
    response = client.get(INDEX, {"mine": "1"})
    html = response.content.decode()
    assert 'name="mine"' not in html
    assert "Connectez-vous</a> pour voir d'abord" in html
    assert len(titles(response)) == 6


def test_like_mine_is_explained_to_members_without_a_municipality(client, catalogue):
    client.force_login(UserFactory(groups=["Members"]))
    html = client.get(INDEX, {"mine": "1"}).content.decode()
    assert 'name="mine"' not in html
    assert "votre profil doit indiquer votre municipalité" in html


def _many_cases(count: int, **fields) -> list[CaseStudyPage]:
    theme = ThemeFactory(slug="beaucoup", name_fr="Beaucoup")
    return [
        make_case_study(title=f"Projet numéro {n:02d}", themes=[theme], **fields)
        for n in range(count)
    ]


def test_listing_pages_by_twelve_and_keeps_the_filters_in_page_links(
    client, case_index
):
    _many_cases(14, outcome="failure")
    make_case_study(title="Hors filtre", outcome="success")
    response = client.get(INDEX, {"theme": "beaucoup", "outcome": "failure"})
    html = response.content.decode()
    assert len(response.context["cases"]) == 12
    assert response.context["result_count"] == 14
    assert 'href="?theme=beaucoup&amp;outcome=failure&amp;page=2"' in html
    second = client.get(INDEX, {"theme": "beaucoup", "outcome": "failure", "page": 2})
    assert len(second.context["cases"]) == 2
    assert "Hors filtre" not in titles(second)


@pytest.mark.parametrize("page", ["99", "-3"])
def test_out_of_range_page_shows_the_last_page(client, case_index, page):
    _many_cases(14)
    response = client.get(INDEX, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def _age(case: CaseStudyPage, *, first_days: int, last_days: int) -> None:
    now = timezone.now()
    CaseStudyPage.objects.filter(pk=case.pk).update(
        first_published_at=now - datetime.timedelta(days=first_days),
        last_published_at=now - datetime.timedelta(days=last_days),
    )


def test_listing_sorts_by_first_publication_by_default(client, case_index):
    old = make_case_study(title="Ancien mais revu")
    new = make_case_study(title="Nouveau")
    _age(old, first_days=400, last_days=1)
    _age(new, first_days=10, last_days=10)
    response = client.get(INDEX)
    assert [c.title for c in response.context["cases"]] == [new.title, old.title]


def test_listing_sorts_by_last_update_when_asked(client, case_index):
    old = make_case_study(title="Ancien mais revu")
    new = make_case_study(title="Nouveau")
    _age(old, first_days=400, last_days=1)
    _age(new, first_days=10, last_days=10)
    response = client.get(INDEX, {"sort": "updated"})
    assert [c.title for c in response.context["cases"]] == [old.title, new.title]
    assert (
        'aria-current="true">Mise à jour la plus récente' in response.content.decode()
    )


def test_sort_links_keep_the_filters(client, catalogue):
    html = client.get(INDEX, {"theme": "eau"}).content.decode()
    assert 'href="/etudes-de-cas/?theme=eau&amp;sort=updated"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "n-existe-pas"},
        {"outcome": "victoire"},
        {"stage": "<script>"},
        {"region": "99"},
        {"size": "xxl"},
        {"solution": "abc"},
        {"solution": "99999999999999999999999"},
        {"solution": "424242"},
        {"year": "deux-mille"},
        {"year": "99999"},
        {"sort": "au-hasard"},
        {"page": "dernière"},
        {"mine": "peut-être", "theme": "\x00"},
    ],
)
def test_invalid_filter_values_are_ignored_without_error(client, catalogue, params):
    response = client.get(INDEX, params)
    assert response.status_code == 200
    assert len(titles(response)) == 6


def test_invalid_filter_value_is_reported_in_plain_words(client, catalogue):
    html = client.get(INDEX, {"theme": "n-existe-pas"}).content.decode()
    assert "Un des filtres demandés n'existe pas. Il a été ignoré." in html


def test_active_filters_are_listed_as_chips_that_remove_them(client, catalogue):
    response = client.get(INDEX, {"theme": "eau", "outcome": "failure"})
    html = response.content.decode()
    chips = {chip.value: chip.remove_url for chip in response.context["chips"]}
    assert chips == {
        "Eau potable": "/etudes-de-cas/?outcome=failure",
        "Échec": "/etudes-de-cas/?theme=eau",
    }
    assert "Retirer le filtre </span>Thème&nbsp;: Eau potable" in html


def test_empty_result_explains_and_offers_to_remove_the_filters(client, catalogue):
    response = client.get(INDEX, {"theme": "eau", "stage": "idea"})
    html = response.content.decode()
    assert response.context["result_count"] == 0
    assert "Aucune étude de cas ne correspond à tous ces filtres." in html
    assert '<a class="button" href="/etudes-de-cas/">Retirer les filtres</a>' in html


def test_listing_links_to_the_lessons_learned(client, catalogue):
    html = client.get(INDEX).content.decode()
    assert 'href="/etudes-de-cas/lecons/"' in html


def test_main_navigation_links_to_the_case_studies(client, catalogue):
    home = client.get("/").content.decode()
    listing = client.get(INDEX).content.decode()
    assert '<a href="/etudes-de-cas/">Études de cas</a>' in home
    assert '<a href="/etudes-de-cas/" aria-current="page">Études de cas</a>' in listing


def test_home_page_shows_the_three_latest_cases_and_the_projects_in_progress(
    client, catalogue
):
    response = client.get("/")
    html = response.content.decode()
    cases = catalogue["cases"]
    latest = [case.title for case in response.context["latest_cases"]]
    assert latest == [cases["lines"].title, cases["pool"].title, cases["snow"].title]
    assert "Dernières études de cas" in html
    # The only ongoing case is already among the latest: no second card for it.
    assert response.context["in_progress_cases"] == []
    older = make_case_study(title="Pilote en cours", outcome="ongoing", stage="pilot")
    _age(older, first_days=400, last_days=400)
    response = client.get("/")
    html = response.content.decode()
    assert [c.title for c in response.context["in_progress_cases"]] == [older.title]
    assert "Projets en cours" in html
    assert 'href="/etudes-de-cas/?outcome=ongoing">Voir les 2 projets en cours' in html
