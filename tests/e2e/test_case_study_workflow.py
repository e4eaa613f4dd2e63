"""A contributor drafts and submits a case study in the Wagtail admin; a moderator
approves it; readers find it in the listing."""

import re

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudyPage
from tests.factories import (
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    ensure_case_study_index,
    give_profile,
    verify_email,
)

PASSWORD = "mot-de-passe-solide-1"


@pytest.fixture
def people(transactional_db):
    call_command("load_municipalities", verbosity=0)  # the flush also emptied it
    ensure_case_study_index()
    town = MunicipalityFactory(name="Saint-Exemple-du-Lac", population=3_500)
    theme = ThemeFactory(slug="voirie-e2e", name_fr="Voirie (essai)", name_en="Roads")
    contributor = UserFactory(
        email="redaction@saint-exemple.qc.ca", groups=["Members", "Contributors"]
    )
    give_profile(contributor, municipality=town)
    moderator = UserFactory(email="moderation@carrefour.example", groups=["Moderators"])
    verify_email(contributor)
    verify_email(moderator)
    return {
        "town": town,
        "theme": theme,
        "contributor": contributor,
        "moderator": moderator,
    }


def _sign_in(page, email):
    """The admin sends people to the site's one sign-in form, then back."""
    page.goto("/admin/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def _open_more_actions(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def test_contributor_submits_and_moderator_approves_a_case_study(page, people):
    _sign_in(page, people["contributor"].email)
    index = ensure_case_study_index()
    page.goto(f"/admin/pages/add/casestudies/casestudypage/{index.pk}/")
    page.locator("#id_title").fill("Capteurs de niveau d'eau dans les ponceaux")
    page.locator("#id_summary").fill("Des capteurs alertent les travaux publics.")
    assert page.locator("#id_municipality option:checked").inner_text() == (
        "Saint-Exemple-du-Lac"
    )
    page.get_by_label("Voirie (essai)").check()
    page.locator("#id_outcome").select_option("ongoing")
    page.locator("#id_stage").select_option("pilot")
    page.locator("#id_problem").fill("Les ponceaux débordent sans avertissement.")
    _open_more_actions(page)
    with page.expect_navigation():
        page.locator("button[name='action-submit']").click()
    assert page.locator(".messages .success, .messages [class*=success]").count() >= 1

    case = CaseStudyPage.objects.get(title="Capteurs de niveau d'eau dans les ponceaux")
    assert not case.live
    assert case.current_workflow_state is not None

    page.context.clear_cookies()
    _sign_in(page, people["moderator"].email)
    page.goto(f"/admin/pages/{case.pk}/edit/")
    _open_more_actions(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Approuver et Publier").click()
    case.refresh_from_db()
    assert case.live

    page.context.clear_cookies()
    page.goto("/etudes-de-cas/")
    page.get_by_label("Thème", exact=True).select_option("voirie-e2e")
    page.get_by_label("Résultat", exact=True).select_option("ongoing")
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher les résultats").click()
    assert "theme=voirie-e2e" in page.url
    results = page.locator("main")
    assert (
        results.get_by_role(
            "link", name="Capteurs de niveau d'eau dans les ponceaux"
        ).count()
        == 1
    )
