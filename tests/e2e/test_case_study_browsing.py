"""A visitor browses case studies in Chromium: filters, counts, a case, lessons."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.factories import (
    MunicipalityFactory,
    RegionFactory,
    ThemeFactory,
    ensure_case_study_index,
    make_case_study,
)


@pytest.fixture
def cases(transactional_db):
    ensure_case_study_index()
    water = ThemeFactory(slug="eau", name_fr="Eau potable")
    roads = ThemeFactory(slug="voirie", name_fr="Voirie")
    region = RegionFactory(code="05", name="Estrie")
    town = MunicipalityFactory(name="Magog-Exemple", region=region, population=27_000)
    village = MunicipalityFactory(name="Ayer-Exemple", region=region, population=1_000)
    return {
        "failed_water": make_case_study(
            title="Compteurs d'eau intelligents",
            municipality=town,
            themes=[water],
            outcome="failure",
            stage="retired",
            started=datetime.date(2022, 4, 1),
            budget_cad=Decimal("185000"),
            failed="Les compteurs n'ont jamais communiqué avec le réseau.",
            advice="Testez la couverture radio avant d'acheter.",
            indicators=[
                (
                    "indicator",
                    {
                        "name": "Relevés manuels par année",
                        "baseline": Decimal("1200"),
                        "result": Decimal("744"),
                        "unit": "relevés",
                        "method": "Registre des tournées",
                    },
                )
            ],
        ),
        "good_water": make_case_study(
            title="Détection des fuites",
            municipality=town,
            themes=[water],
            outcome="success",
        ),
        "failed_roads": make_case_study(
            title="Nids-de-poule par caméra",
            municipality=village,
            themes=[roads],
            outcome="failure",
            attribution="anonymous",
            failed="Les caméras se salissaient en une journée.",
        ),
        "members_only": make_case_study(
            title="Projet réservé aux membres",
            municipality=town,
            themes=[water],
            outcome="failure",
            visibility="members",
        ),
    }


def _card_titles(page) -> list[str]:
    return page.locator(".case-list .case-card__title").all_inner_texts()


def test_visitor_filters_case_studies_and_opens_one(page, cases, axe_violations):
    page.goto("/etudes-de-cas/")
    assert page.locator("h1").inner_text() == "Études de cas"
    assert page.get_by_role("heading", name="3 études de cas").count() == 1
    assert "Projet réservé aux membres" not in page.locator("main").inner_text()
    # The anonymous case is labelled by region and size only.
    assert "Ayer-Exemple" not in page.locator("main").inner_text()
    assert axe_violations(page) == []

    theme = page.get_by_label("Thème", exact=True)
    assert "Eau potable (2)" in theme.locator("option").all_inner_texts()
    theme.select_option("eau")
    page.get_by_label("Résultat", exact=True).select_option("failure")
    page.get_by_role("button", name="Afficher les résultats").click()
    page.wait_for_url("**/etudes-de-cas/?*theme=eau*")

    assert _card_titles(page) == ["Compteurs d'eau intelligents"]
    assert page.get_by_role("heading", name="1 étude de cas").count() == 1
    # Counts follow the other filter: among failures, one water case, one road case.
    assert page.locator("#filter-theme option[value=eau]").inner_text() == (
        "Eau potable (1)"
    )
    assert page.locator("#filter-theme option[value=voirie]").inner_text() == (
        "Voirie (1)"
    )
    assert page.locator("#filter-outcome option[value=success]").inner_text() == (
        "Réussite (1)"
    )
    assert page.get_by_role(
        "link", name="Retirer le filtre Thème : Eau potable"
    ).count()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Compteurs d'eau intelligents").click()
    page.wait_for_url("**/compteurs-deau-intelligents/")
    assert page.locator("h1").inner_text() == "Compteurs d'eau intelligents"
    summary = page.locator(".case-summary").inner_text()
    assert "185\u00a0000\u00a0$" in summary
    assert "\u221238\u00a0%" in summary
    assert axe_violations(page) == []


def test_lessons_page_is_accessible_and_puts_failures_first(
    page, cases, axe_violations
):
    page.goto("/etudes-de-cas/lecons/")
    assert axe_violations(page) == []
    page.get_by_label("Choisissez un thème").select_option("eau")
    page.get_by_role("button", name="Afficher les leçons").click()
    page.wait_for_url("**/lecons/?theme=eau")
    headings = page.locator(".lesson-case h3").all_inner_texts()
    assert headings == ["Compteurs d'eau intelligents"]
    assert "Testez la couverture radio" in page.locator("main").inner_text()
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/etudes-de-cas/", "/etudes-de-cas/lecons/?theme=eau"]
)
def test_case_study_pages_have_no_horizontal_scroll_on_a_phone(
    browser, live_server, cases, path
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}
    )
    phone = context.new_page()
    phone.goto(path)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 360


def test_case_study_detail_has_no_horizontal_scroll_on_a_phone(
    browser, live_server, cases
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}
    )
    phone = context.new_page()
    phone.goto(cases["failed_water"].url)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 360


@pytest.mark.parametrize("path", ["/", "/etudes-de-cas/?theme=voirie&outcome=success"])
def test_home_cards_and_empty_listing_are_accessible(page, cases, axe_violations, path):
    assert page.goto(path).status == 200
    assert axe_violations(page) == []
