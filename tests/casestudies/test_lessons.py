"""Lessons learned: what failed and the advice given, per theme, failures first."""

from __future__ import annotations

import pytest

from tests.factories import ThemeFactory, make_case_study

LESSONS = "/etudes-de-cas/lecons/"


@pytest.fixture
def water(db):
    return ThemeFactory(slug="eau", name_fr="Eau potable")


@pytest.fixture
def lessons(case_index, water):
    roads = ThemeFactory(slug="voirie", name_fr="Voirie")
    return {
        "success": make_case_study(
            title="Réussite de l'eau",
            themes=[water],
            outcome="success",
            advice="Mesurez avant de commencer.",
        ),
        "failure": make_case_study(
            title="Échec de l'eau",
            themes=[water],
            outcome="failure",
            failed="Le fournisseur a disparu.",
            advice="Exigez le code source.",
        ),
        "abandoned": make_case_study(
            title="Abandon de l'eau",
            themes=[water],
            outcome="abandoned",
            failed="Le budget a été coupé.",
        ),
        "partial": make_case_study(
            title="Demi-réussite de l'eau",
            themes=[water],
            outcome="partial",
            failed="Les citoyens ne l'utilisent pas.",
        ),
        "silent": make_case_study(title="Projet sans leçon", themes=[water]),
        "roads": make_case_study(
            title="Échec de la voirie",
            themes=[roads],
            outcome="failure",
            failed="Les caméras se salissent.",
        ),
    }


def _positions(html: str, *texts: str) -> list[int]:
    return [html.index(text) for text in texts]


def test_lessons_gather_what_failed_and_advice_for_one_theme(client, lessons):
    html = client.get(LESSONS, {"theme": "eau"}).content.decode()
    for text in (
        "Le fournisseur a disparu.",
        "Exigez le code source.",
        "Le budget a été coupé.",
        "Les citoyens ne l&#x27;utilisent pas.",
        "Mesurez avant de commencer.",
    ):
        assert text in html, text
    assert "Les caméras se salissent." not in html
    assert "Projet sans leçon" not in html


def test_lessons_put_failures_and_abandoned_projects_first(client, lessons):
    html = client.get(LESSONS, {"theme": "eau"}).content.decode()
    failure, abandoned, partial, success = _positions(
        html,
        "Échec de l&#x27;eau",
        "Abandon de l&#x27;eau",
        "Demi-réussite de l&#x27;eau",
        "Réussite de l&#x27;eau<",
    )
    assert failure < abandoned < partial < success
    assert html.index("Échecs et projets abandonnés") < failure
    assert abandoned < html.index("Réussites, réussites partielles") < partial


def test_lessons_are_grouped_per_case_with_outcome_and_municipality(client, lessons):
    response = client.get(LESSONS, {"theme": "eau"})
    html = response.content.decode()
    failure = lessons["failure"]
    block = html.split("Échec de l&#x27;eau")[1].split("</article>")[0]
    assert "badge--failure" in block
    assert failure.municipality.name in block
    assert "Ce qui a échoué" in block
    assert "Conseils" in block
    assert response.context["lesson_count"] == 4


def test_theme_picker_lists_themes_with_lessons_and_their_counts(client, lessons):
    html = client.get(LESSONS).content.decode()
    assert '<option value="eau">Eau potable (4)</option>' in html
    assert '<option value="voirie">Voirie (1)</option>' in html
    assert 'href="/etudes-de-cas/lecons/?theme=eau"' in html


def test_lessons_without_a_theme_ask_for_one_in_plain_words(client, lessons):
    html = client.get(LESSONS).content.decode()
    assert "Choisissez un thème" in html
    assert "Le fournisseur a disparu." not in html


def test_unknown_theme_is_ignored_with_a_notice(client, lessons):
    response = client.get(LESSONS, {"theme": "n-existe-pas"})
    assert response.status_code == 200
    assert "Ce thème n'existe pas." in response.content.decode()


def test_theme_without_lessons_says_so(client, lessons):
    empty = ThemeFactory(slug="vide", name_fr="Thème vide")
    make_case_study(themes=[empty])
    html = client.get(LESSONS, {"theme": "vide"}).content.decode()
    assert "Aucune leçon n'est encore publiée pour ce thème." in html
