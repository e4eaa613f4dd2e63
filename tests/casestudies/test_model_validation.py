"""The model's own validation, as the admin and the import both meet it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from casestudies.models import CaseStudyPage
from cop.taxonomy.models import Theme
from tests.casestudies.admin_forms import case_study_form_data
from tests.factories import make_case_study


def clean_errors(page: CaseStudyPage) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    return raised.value.message_dict


@pytest.fixture
def page(case_index, municipality_a):
    return make_case_study(municipality=municipality_a)


def test_page_made_by_the_factory_is_valid(page):
    page.full_clean()  # the other tests change one thing at a time


def test_negative_budget_is_refused_on_the_budget_field(page):
    page.budget_cad = -1

    assert clean_errors(page) == {"budget_cad": ["Le budget ne peut pas être négatif."]}


def test_end_date_before_start_date_is_refused_on_the_end_date(page):
    page.started = datetime.date(2024, 5, 1)
    page.ended = datetime.date(2024, 4, 30)

    assert clean_errors(page) == {
        "ended": ["La date de fin doit suivre la date de début."]
    }


def test_privacy_assessment_date_without_done_is_refused_on_the_checkbox(page):
    page.privacy_assessment_date = datetime.date(2024, 1, 15)
    page.privacy_assessment_done = False

    assert clean_errors(page) == {
        "privacy_assessment_done": [
            "Cochez cette case si une EFVP a été réalisée à cette date."
        ]
    }


@pytest.mark.parametrize(
    ("field", "value", "tag"),
    [
        ("problem", "Voir <script>alert(1)</script>", "<script>"),
        ("summary", "<b>x</b>", "<b>"),
        ("worked", "Très <b>bien</b>", "<b>"),
        ("summary", "<script>alert(1)</script>", "<script>"),
    ],
)
def test_html_in_a_plain_text_field_is_refused_with_the_tag_named(
    page, field, value, tag
):
    setattr(page, field, value)

    assert clean_errors(page) == {
        field: [
            "Ce champ accepte du texte seulement : retirez les balises HTML "
            f"(comme « {tag} »)."
        ]
    }


def test_comparison_signs_are_not_mistaken_for_html(page):
    page.worked = "Le délai est passé de > 5 jours à < 2 jours."

    page.full_clean()


def test_admin_create_view_redisplays_the_form_with_both_french_errors(
    client, moderator, case_index, municipality_a
):
    client.force_login(moderator)
    problem = "Les factures des fournisseurs étaient saisies à la main chaque mois."
    data = case_study_form_data(
        municipality=municipality_a,
        themes=[Theme.objects.get(slug="finances")],
        slug="lecture-automatique-des-factures",
        problem=problem,
        budget_cad="-500",
        started="2024-05-01",
        ended="2024-01-31",
    )

    response = client.post(
        f"/admin/pages/add/casestudies/casestudypage/{case_index.pk}/", data
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Le budget ne peut pas être négatif." in html
    assert "La date de fin doit suivre la date de début." in html
    assert problem in html
    assert set(response.context["form"].errors) == {"budget_cad", "ended"}
    assert not CaseStudyPage.objects.filter(
        slug="lecture-automatique-des-factures"
    ).exists()


def test_admin_create_view_accepts_the_same_form_once_corrected(
    client, moderator, case_index, municipality_a
):
    client.force_login(moderator)
    data = case_study_form_data(
        municipality=municipality_a,
        themes=[Theme.objects.get(slug="finances")],
        slug="lecture-automatique-des-factures",
        problem="Les factures des fournisseurs étaient saisies à la main.",
        budget_cad="500",
        started="2024-01-31",
        ended="2024-05-01",
    )

    response = client.post(
        f"/admin/pages/add/casestudies/casestudypage/{case_index.pk}/", data
    )

    assert response.status_code == 302
    created = CaseStudyPage.objects.get(slug="lecture-automatique-des-factures")
    assert created.get_parent().pk == case_index.pk
    assert created.budget_cad == 500
