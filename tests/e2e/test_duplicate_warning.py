"""While drafting a case study in the Wagtail admin, a contributor is warned
that another municipality already did something close, with a link to it."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from search.backends.database import DatabaseBackend
from tests.factories import (
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    ensure_case_study_index,
    give_profile,
    make_case_study,
    verify_email,
)

PASSWORD = "mot-de-passe-solide-1"


@pytest.fixture
def drafting(transactional_db, settings):
    settings.ELASTICSEARCH_URLS = []
    call_command("load_municipalities", verbosity=0)  # the flush also emptied it
    ensure_case_study_index()
    town = MunicipalityFactory(name="Saint-Exemple-du-Lac", population=3_500)
    other = MunicipalityFactory(name="Lac-Voisin-Exemple", population=20_000)
    theme = ThemeFactory(slug="eau-e2e", name_fr="Eau (essai)", name_en="Water")
    existing = make_case_study(
        municipality=other,
        themes=[theme],
        title="Détection des fuites d'eau par capteurs acoustiques",
        summary="Des capteurs acoustiques sur l'aqueduc repèrent les fuites.",
        problem="Le réseau d'aqueduc perdait beaucoup d'eau potable.",
        outcome="ongoing",
        stage="pilot",
    )
    make_case_study(
        municipality=other,
        themes=[theme],
        title="Budget participatif en ligne",
        summary="Les citoyens votent en ligne.",
        problem="La participation était faible.",
    )
    DatabaseBackend().rebuild()
    contributor = UserFactory(
        email="redaction@saint-exemple.qc.ca", groups=["Members", "Contributors"]
    )
    give_profile(contributor, municipality=town)
    verify_email(contributor)
    return {"contributor": contributor, "existing": existing}


def _sign_in(page, email):
    page.goto("/admin/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_contributor_sees_similar_case_study_while_typing_a_title(page, drafting):
    existing = drafting["existing"]
    _sign_in(page, drafting["contributor"].email)
    index = ensure_case_study_index()
    page.goto(f"/admin/pages/add/casestudies/casestudypage/{index.pk}/")
    page.locator("#id_title").press_sequentially(
        "Capteurs acoustiques pour les fuites d'eau", delay=20
    )

    panel = page.locator("#similar-panel")
    panel.wait_for(state="visible")
    assert "Ces initiatives ressemblent à la vôtre" in panel.inner_text()
    link = panel.get_by_role("link", name=re.compile("Détection des fuites d'eau"))
    assert link.count() == 1
    assert link.get_attribute("href") == existing.url
    assert link.get_attribute("target") == "_blank"
    assert "En cours" in panel.inner_text()
    assert "Budget participatif" not in panel.inner_text()


def test_duplicate_warning_stays_hidden_for_unrelated_title(page, drafting):
    _sign_in(page, drafting["contributor"].email)
    index = ensure_case_study_index()
    page.goto(f"/admin/pages/add/casestudies/casestudypage/{index.pk}/")
    page.locator("#id_title").press_sequentially("Zonage agricole xylophonique")
    page.wait_for_timeout(1_500)
    assert page.locator("#similar-panel").is_hidden()
