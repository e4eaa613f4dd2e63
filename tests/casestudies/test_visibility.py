"""Who sees what on the browsing side: members-only cases and anonymous cases in the
listing, its counts, the detail page, related cases, lessons, the home page and
the feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils.encoding import iri_to_uri

from tests.factories import ThemeFactory, UserFactory, make_case_study

INDEX = "/etudes-de-cas/"
FEED = "/etudes-de-cas/flux/"
SECRET = "Projet réservé aux membres"


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="services", name_fr="Services en ligne")


@pytest.fixture
def public_case(case_index, theme, municipality_b):
    return make_case_study(
        title="Projet public",
        municipality=municipality_b,
        themes=[theme],
        outcome="success",
        failed="Le public a tardé à l'adopter.",
    )


@pytest.fixture
def members_case(case_index, theme, municipality_b):
    return make_case_study(
        title=SECRET,
        municipality=municipality_b,
        themes=[theme],
        outcome="failure",
        stage="retired",
        visibility="members",
        summary="Résumé confidentiel pour les membres.",
        failed="Leçon confidentielle pour les membres.",
    )


@pytest.fixture
def anonymous_case(case_index, theme, municipality_a, municipality_b):
    case = make_case_study(
        title="Projet anonyme",
        municipality=municipality_a,
        themes=[theme],
        outcome="failure",
        attribution="anonymous",
        advice="Commencez petit.",
        contact_name="Dominique Gagnon",
        contact_email="dgagnon@saint-alphonse.exemple.qc.ca",
    )
    case.partners.set([municipality_b])
    case.save_revision().publish()
    case.refresh_from_db()
    return case


# --- Members-only cases ------------------------------------------------------------


def test_visitors_do_not_see_members_only_cases_in_the_listing(
    client, public_case, members_case
):
    response = client.get(INDEX)
    assert [case.title for case in response.context["cases"]] == [public_case.title]
    assert SECRET not in response.content.decode()


def test_visitors_facet_counts_leave_out_members_only_cases(
    client, public_case, members_case
):
    response = client.get(INDEX)
    groups = {g.name: g for g in response.context["facet_groups"]}
    themes = {o.param: o.count for o in groups["theme"].options}
    outcomes = {o.param: o.count for o in groups["outcome"].options}
    stages = {o.param: o.count for o in groups["stage"].options}
    assert themes == {"services": 1}
    assert outcomes["failure"] == 0
    assert stages["retired"] == 0
    assert response.context["result_count"] == 1


def test_members_see_members_only_cases_and_count_them(
    client, member, public_case, members_case
):
    client.force_login(member)
    response = client.get(INDEX)
    groups = {g.name: g for g in response.context["facet_groups"]}
    assert {case.title for case in response.context["cases"]} == {
        public_case.title,
        SECRET,
    }
    assert {o.param: o.count for o in groups["theme"].options} == {"services": 2}
    assert "Membres seulement" in response.content.decode()


def test_visitors_are_sent_to_sign_in_from_a_members_only_case(client, members_case):
    response = client.get(members_case.url)
    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert location.path == "/comptes/login/"
    assert parse_qs(location.query)["next"] == [iri_to_uri(members_case.url)]
    assert b"confidentiel" not in response.content


def test_members_can_read_a_members_only_case(client, member, members_case):
    client.force_login(member)
    response = client.get(members_case.url)
    assert response.status_code == 200
    assert "Leçon confidentielle pour les membres." in response.content.decode()
    assert "Réservé aux membres" in response.content.decode()


def test_signed_in_accounts_without_a_role_are_refused_a_members_only_case(
    client, members_case
):
    client.force_login(UserFactory(email="en-attente@exemple.qc.ca"))
    response = client.get(members_case.url)
    assert response.status_code == 403
    assert b"confidentiel" not in response.content


def test_visitors_do_not_see_members_only_cases_among_related_cases(
    client, public_case, members_case
):
    related = client.get(public_case.url).context["related_cases"]
    assert SECRET not in {case.title for case in related}


def test_members_see_members_only_cases_among_related_cases(
    client, member, public_case, members_case
):
    client.force_login(member)
    related = client.get(public_case.url).context["related_cases"]
    assert SECRET in {case.title for case in related}


def test_visitors_do_not_see_members_only_lessons(client, public_case, members_case):
    html = client.get(INDEX + "lecons/", {"theme": "services"}).content.decode()
    assert "Le public a tardé" in html
    assert "Leçon confidentielle" not in html
    assert SECRET not in html
    assert "Services en ligne (1)" in html


def test_members_see_members_only_lessons(client, member, public_case, members_case):
    client.force_login(member)
    html = client.get(INDEX + "lecons/", {"theme": "services"}).content.decode()
    assert "Leçon confidentielle pour les membres." in html


def test_visitors_do_not_see_members_only_cases_on_the_home_page(
    client, public_case, members_case
):
    response = client.get("/")
    assert [c.title for c in response.context["latest_cases"]] == [public_case.title]
    assert SECRET not in response.content.decode()


def test_members_see_members_only_cases_on_the_home_page(
    client, member, public_case, members_case
):
    client.force_login(member)
    assert SECRET in client.get("/").content.decode()


def _feed_items(client) -> list[ET.Element]:
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def test_feed_lists_public_cases_only_even_for_members(
    client, member, public_case, members_case
):
    client.force_login(member)
    titles = [item.findtext("title") for item in _feed_items(client)]
    assert titles == [public_case.title]


def test_feed_holds_the_twenty_latest_public_cases(client, case_index):
    for number in range(22):
        make_case_study(title=f"Projet {number:02d}")
    titles = [item.findtext("title") for item in _feed_items(client)]
    assert len(titles) == 20
    assert "Projet 21" in titles
    assert "Projet 00" not in titles


def test_pages_announce_the_feed(client, site_root):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Carrefour – Études de cas récentes" href="/etudes-de-cas/flux/">'
    ) in html


# --- Anonymous cases -------------------------------------------------------------

REAL_NAME = "Saint-Alphonse-Exemple"  # municipality_a
PARTNER_NAME = "Sainte-Béatrice-Exemple"  # municipality_b, the partner


def _login(client, request, role: str | None) -> None:
    if role is not None:
        client.force_login(request.getfixturevalue(role))


def _surfaces(client, case) -> dict[str, str]:
    return {
        "listing": client.get(INDEX).content.decode(),
        "detail": client.get(case.url).content.decode(),
        "lessons": client.get(
            INDEX + "lecons/", {"theme": "services"}
        ).content.decode(),
        "home": client.get("/").content.decode(),
    }


@pytest.mark.parametrize("role", [None, "contributor_b"])
def test_anonymous_case_hides_the_municipality_from_visitors_and_other_members(
    client, request, anonymous_case, role
):
    _login(client, request, role)
    label = str(anonymous_case.anonymous_label)
    for surface, html in _surfaces(client, anonymous_case).items():
        assert REAL_NAME not in html, surface
        assert label in html, surface


@pytest.mark.parametrize("role", ["moderator", "member"])
def test_anonymous_case_names_the_municipality_to_moderators_and_its_own_members(
    client, request, anonymous_case, role
):
    _login(client, request, role)
    for surface, html in _surfaces(client, anonymous_case).items():
        assert REAL_NAME in html, surface


@pytest.mark.parametrize("role", [None, "contributor_b"])
def test_anonymous_case_hides_partners_and_contact_from_who_cannot_know(
    client, request, anonymous_case, role
):
    _login(client, request, role)
    response = client.get(anonymous_case.url)
    html = response.content.decode()
    assert response.context["partners"] == []
    assert "Municipalités partenaires" not in html
    assert "Dominique Gagnon" not in html
    assert "saint-alphonse" not in html


@pytest.mark.parametrize("role", ["moderator", "member"])
def test_anonymous_case_shows_partners_and_contact_to_who_may_know(
    client, request, anonymous_case, role
):
    _login(client, request, role)
    html = client.get(anonymous_case.url).content.decode()
    assert PARTNER_NAME in html
    assert "dgagnon@saint-alphonse.exemple.qc.ca" in html


def test_feed_shows_anonymous_cases_with_the_anonymous_label(
    client, moderator, anonymous_case
):
    client.force_login(moderator)  # the feed never depends on who asks
    response = client.get(FEED)
    body = response.content.decode()
    (item,) = ET.fromstring(response.content).findall("./channel/item")
    assert REAL_NAME not in body
    assert PARTNER_NAME not in body
    assert str(anonymous_case.anonymous_label) in item.findtext("description")


def test_region_and_size_filters_still_find_anonymous_cases(
    client, anonymous_case, municipality_a
):
    response = client.get(
        INDEX,
        {"region": municipality_a.region.code, "size": municipality_a.size_band},
    )
    assert [case.title for case in response.context["cases"]] == [anonymous_case.title]
    assert REAL_NAME not in response.content.decode()


def test_listing_offers_no_municipality_filter(client, anonymous_case):
    response = client.get(INDEX, {"municipality": anonymous_case.municipality_id})
    names = {group.name for group in response.context["facet_groups"]}
    assert "municipality" not in names
    assert 'name="municipality"' not in response.content.decode()
