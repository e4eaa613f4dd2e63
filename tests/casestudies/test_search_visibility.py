"""Until the search contract lands, the site search must already respect
members-only case studies."""

from tests.factories import ThemeFactory, make_case_study


def _two_cases(municipality):
    theme = ThemeFactory(slug="eau-test")
    make_case_study(
        municipality=municipality, themes=[theme], title="Détection des fuites publique"
    )
    make_case_study(
        municipality=municipality,
        themes=[theme],
        title="Détection des fuites confidentielle",
        visibility="members",
    )


def test_search_hides_members_only_case_studies_from_visitors(
    client, case_index, municipality_a
):
    _two_cases(municipality_a)
    html = client.get("/recherche/", {"q": "fuites"}).content.decode()
    assert "1 résultat" in html
    assert "publique" in html
    assert "confidentielle" not in html


def test_search_shows_members_only_case_studies_to_members(
    client, member, case_index, municipality_a
):
    _two_cases(municipality_a)
    client.force_login(member)
    html = client.get("/recherche/", {"q": "fuites"}).content.decode()
    assert "2 résultats" in html
    assert "confidentielle" in html
