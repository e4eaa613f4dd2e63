"""The case study page: summary box, full story, notices, related cases, and the
presentation helpers it relies on."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import override
from wagtail.documents.models import Document

from casestudies.models import CaseStudyPage
from casestudies.templatetags.casestudies_tags import cad, indicator_change, number
from tests.factories import (
    MunicipalityFactory,
    SolutionFactory,
    ThemeFactory,
    VendorFactory,
    make_case_study,
)

NBSP = "\u00a0"


def _indicator(name, baseline, result, unit="", method=""):
    return (
        "indicator",
        {
            "name": name,
            "baseline": None if baseline is None else Decimal(baseline),
            "result": None if result is None else Decimal(result),
            "unit": unit,
            "method": method,
        },
    )


@pytest.fixture
def case(case_index, municipality_a, municipality_b):
    vendor = VendorFactory(name="Acoustique Québec inc.", quebec_based=True)
    page = make_case_study(
        title="Détection des fuites d'aqueduc",
        municipality=municipality_a,
        themes=[ThemeFactory(slug="eau", name_fr="Eau potable")],
        solutions=[SolutionFactory(name="Capteurs AQ-3", vendor=vendor)],
        outcome="partial",
        stage="deployed",
        started=datetime.date(2023, 9, 5),
        ended=datetime.date(2024, 11, 29),
        budget_cad=Decimal("185000.00"),
        approach="Des capteurs sur les bornes-fontaines.",
        worked="Les fuites sont trouvées en deux jours.",
        failed="Les capteurs gèlent en janvier.",
        advice="Prévoyez des boîtiers chauffés.",
        governance_owner="business_unit",
        governance_decided_by="Le conseil municipal",
        data_used="Débits horaires du réseau",
        privacy_assessment_done=True,
        privacy_assessment_date=datetime.date(2023, 6, 14),
        contact_name="Alex Roy",
        contact_email="aroy@ville.exemple.qc.ca",
        indicators=[
            _indicator(
                "Heures de recherche de fuites", "22", "13.64", "heures", "Relevés"
            ),
            _indicator("Fuites trouvées par mois", "4", "9"),
            _indicator("Plaintes", "0", "3"),
            _indicator("Économie d'eau", "10", None, "%"),
        ],
    )
    page.partners.set([municipality_b])
    page.tags.add("capteurs", "hiver")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_summary_box_shows_outcome_municipality_cost_duration_stage_and_dates(
    client, case
):
    html = client.get(case.url).content.decode()
    summary = html.split('class="case-summary"')[1].split("</section>")[0]
    assert "Réussite partielle" in summary
    assert "Saint-Alphonse-Exemple" in summary
    assert "Sainte-Béatrice-Exemple" in summary  # partner, named case
    assert f"185{NBSP}000{NBSP}$" in summary
    assert "14 mois" in summary
    assert "Déployé" in summary
    assert "Début : septembre 2023" in summary
    assert "Fin : novembre 2024" in summary
    assert "Eau potable" in summary


def test_summary_box_lists_indicators_before_and_after_with_their_change(client, case):
    html = client.get(case.url).content.decode()
    table = html.split('<table class="indicators">')[1].split("</table>")[0]
    assert "<td>22 heures</td>" in table
    assert "<td>13,64 heures</td>" in table
    assert f"\u221238{NBSP}%" in table
    assert "Relevés" in table
    assert f"+125{NBSP}%" in table
    assert '<td class="indicator__change">+3</td>' in table  # zero baseline
    assert "pas encore mesuré" in table


def test_page_tells_the_full_story(client, case):
    html = client.get(case.url).content.decode()
    for text in (
        "Des capteurs sur les bornes-fontaines.",
        "Les fuites sont trouvées en deux jours.",
        "Les capteurs gèlent en janvier.",
        "Prévoyez des boîtiers chauffés.",
        "Capteurs AQ-3",
        "fournisseur : Acoustique Québec inc.",
        "entreprise québécoise",
        "Service métier",
        "Le conseil municipal",
        "Débits horaires du réseau",
        "Oui, réalisée le 14 juin 2023",
        "capteurs",
        "hiver",
    ):
        assert text in html, text


def test_contact_is_shown_to_members_only(client, member, case):
    visitor_html = client.get(case.url).content.decode()
    assert "aroy@ville.exemple.qc.ca" not in visitor_html
    assert "La personne-ressource est visible par les membres." in visitor_html
    client.force_login(member)
    assert "aroy@ville.exemple.qc.ca" in client.get(case.url).content.decode()


def test_missing_cost_and_dates_are_said_plainly(client, case_index):
    page = make_case_study(title="Projet sans chiffres")
    html = client.get(page.url).content.decode()
    assert "Non précisé" in html
    assert "Début non précisé" in html


def test_stale_case_shows_an_update_notice(client, case):
    CaseStudyPage.objects.filter(pk=case.pk).update(
        last_published_at=timezone.now() - datetime.timedelta(days=600)
    )
    html = client.get(case.url).content.decode()
    assert "À mettre à jour" in html


def test_recent_case_has_no_update_notice(client, case):
    assert "À mettre à jour" not in client.get(case.url).content.decode()


def test_ongoing_case_says_the_project_is_in_progress(client, case_index):
    page = make_case_study(outcome="ongoing", stage="pilot")
    html = client.get(page.url).content.decode()
    assert "notice--progress" in html
    assert "Projet en cours" in html


def test_attachments_link_to_their_document_with_a_printable_address(
    client, case_index, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        title="Grille", file=ContentFile(b"%PDF-1.4", name="grille.pdf")
    )
    page = make_case_study(
        attachments=[
            (
                "attachment",
                {"kind": "grid", "title": "Grille d'évaluation", "document": document},
            )
        ]
    )
    html = client.get(page.url).content.decode()
    assert "Documents à réutiliser" in html
    assert "Grille d&#x27;évaluation" in html
    assert "PDF" in html
    assert f'<a href="{document.url}">' in html
    assert f"http://testserver{document.url}" in html  # shown when printed


def test_related_cases_share_a_theme_or_a_solution(client, case_index):
    theme = ThemeFactory()
    solution = SolutionFactory()
    page = make_case_study(title="Le projet", themes=[theme], solutions=[solution])
    by_theme = make_case_study(title="Même thème", themes=[theme])
    by_solution = make_case_study(title="Même solution", solutions=[solution])
    make_case_study(title="Sans rapport", themes=[ThemeFactory()])
    related = client.get(page.url).context["related_cases"]
    assert {c.title for c in related} == {by_theme.title, by_solution.title}


def test_related_cases_are_at_most_four(client, case_index):
    theme = ThemeFactory()
    page = make_case_study(title="Le projet", themes=[theme])
    for number_ in range(6):
        make_case_study(title=f"Voisin {number_}", themes=[theme])
    related = client.get(page.url).context["related_cases"]
    assert len(related) == 4
    assert page.pk not in {c.pk for c in related}


def test_print_stylesheet_drops_filters_and_prints_attachment_addresses():
    css = Path(finders.find("css/carrefour.css")).read_text()
    case_studies = css.split("/* Case studies")[1]
    print_rules = case_studies.split("@media print")[1]
    assert ".case-filters" in print_rules
    assert ".attachment__url { display: block;" in print_rules


# --- Presentation helpers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("185000"), f"185{NBSP}000{NBSP}$"),
        (Decimal("185000.00"), f"185{NBSP}000{NBSP}$"),
        (Decimal("1234.5"), f"1{NBSP}234,50{NBSP}$"),
        (0, f"0{NBSP}$"),
        (None, ""),
    ],
)
def test_cad_formats_dollars_the_quebec_way(value, expected):
    with override("fr-ca"):
        assert cad(value) == expected


def test_cad_formats_dollars_in_english_the_english_way():
    with override("en"):
        assert cad(Decimal("185000")) == "$185,000"


@pytest.mark.parametrize(
    ("baseline", "result", "expected"),
    [
        ("22", "13.64", f"\u221238{NBSP}%"),
        ("4", "9", f"+125{NBSP}%"),
        ("5", "5", f"0{NBSP}%"),
        ("0", "3", "+3"),
        ("0", "-2.5", "\u22122,5"),
        ("10", None, ""),
        (None, "3", ""),
    ],
)
def test_indicator_change_is_written_for_readers(baseline, result, expected):
    with override("fr-ca"):
        assert indicator_change(baseline, result) == expected


def test_number_uses_a_decimal_comma_and_no_trailing_zeros():
    with override("fr-ca"):
        assert number(Decimal("1234.50")) == f"1{NBSP}234,5"


def test_anonymous_label_names_region_and_size(case_index):
    municipality = MunicipalityFactory(population=50_000)
    page = make_case_study(municipality=municipality, attribution="anonymous")
    assert str(page.anonymous_label) == (
        f"Une municipalité de la région {municipality.region.name} "
        "(25 000 à 99 999 habitants)"
    )


def test_preview_of_an_unpublished_members_only_case_renders_for_editors(
    rf, moderator, case_index
):
    page = make_case_study(
        title="Brouillon à relire", visibility="members", publish=False
    )
    request = rf.get("/")
    request.user = moderator
    response = page.make_preview_request(original_request=request)
    response.render()
    assert response.status_code == 200
    assert "Brouillon à relire" in response.content.decode()
