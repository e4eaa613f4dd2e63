"""Case studies mentioned by URL show as cards, only to people who may see them."""

from __future__ import annotations

import pytest

from tests.factories import make_case_study, make_post


@pytest.fixture
def public_case(site_root, municipality_a):
    return make_case_study(
        title="Transcription automatique à Saint-Alphonse",
        slug="transcription-saint-alphonse",
        municipality=municipality_a,
        visibility="public",
        outcome="partial",
    )


@pytest.fixture
def members_case(site_root, municipality_a):
    return make_case_study(
        title="Échec du robot conversationnel",
        slug="echec-robot",
        municipality=municipality_a,
        visibility="members",
        outcome="failure",
    )


def test_case_study_url_renders_as_card(client, thread, member_b, public_case):
    make_post(
        thread=thread,
        author=member_b,
        body=f"Voyez http://testserver{public_case.url} pour leur expérience.",
    )
    client.force_login(member_b)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert 'class="mention-card"' in page
    assert "Transcription automatique à Saint-Alphonse" in page
    assert "Réussite partielle" in page
    assert "Saint-Alphonse-Exemple" in page


def test_markdown_link_to_case_study_renders_as_card(
    client, thread, member_b, public_case
):
    make_post(thread=thread, author=member_b, body=f"[Leur projet]({public_case.url})")
    client.force_login(member_b)

    response = client.get(thread.get_absolute_url())

    cards = [card for cards in response.context["cards"].values() for card in cards]
    assert [card.title for card in cards] == [public_case.title]


def test_members_only_case_study_gives_no_card_to_visitors(
    client, public_thread, member_b, members_case
):
    make_post(
        thread=public_thread,
        author=member_b,
        body=f"Leçons ici : http://testserver{members_case.url}",
    )

    visitor_page = client.get(public_thread.get_absolute_url()).content.decode()
    client.force_login(member_b)
    member_page = client.get(public_thread.get_absolute_url()).content.decode()

    assert "Échec du robot conversationnel" not in visitor_page
    assert "Échec du robot conversationnel" in member_page


def test_anonymous_case_study_card_hides_the_municipality(
    client, thread, member_b, site_root, municipality_a
):
    anonymous = make_case_study(
        title="Projet anonyme de capteurs",
        slug="projet-anonyme",
        municipality=municipality_a,
        visibility="members",
        attribution="anonymous",
    )
    make_post(
        thread=thread, author=member_b, body=f"Voir http://testserver{anonymous.url}"
    )
    client.force_login(member_b)  # works for another municipality

    response = client.get(thread.get_absolute_url())

    [card] = response.context["cards"][thread.posts.last().pk]
    assert card.title == "Projet anonyme de capteurs"
    assert "Saint-Alphonse-Exemple" not in card.label
    assert card.label.startswith("Une municipalité de la région")


def test_links_to_other_sites_give_no_card(client, thread, member_b, public_case):
    make_post(
        thread=thread,
        author=member_b,
        body=f"Copie : https://ailleurs.example.com{public_case.url}",
    )
    client.force_login(member_b)

    response = client.get(thread.get_absolute_url())

    assert response.context["cards"] == {}


def test_case_study_with_accented_slug_renders_as_card(
    client, thread, member_b, site_root, municipality_a
):
    accented = make_case_study(
        title="Séances sous-titrées",
        slug="séances-sous-titrées",
        municipality=municipality_a,
        visibility="public",
    )
    make_post(
        thread=thread,
        author=member_b,
        body="Voir http://testserver/etudes-de-cas/s%C3%A9ances-sous-titr%C3%A9es/",
    )
    client.force_login(member_b)

    response = client.get(thread.get_absolute_url())

    cards = [card for cards in response.context["cards"].values() for card in cards]
    assert [card.title for card in cards] == [accented.title]
