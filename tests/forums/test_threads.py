"""Theme list, theme page and thread page: who sees what, sorting, filters."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Subscription, Thread
from tests.factories import ThemeFactory, UserFactory, make_post, make_thread


def _theme_url(theme, **params):
    url = reverse("forums:theme_detail", args=[theme.slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def test_theme_list_counts_only_threads_the_viewer_may_read(
    client, theme, member, thread, public_thread
):
    make_thread(theme=theme, author=member, title="Fil masqué", hidden=True)

    visitor_page = client.get(reverse("forums:theme_list")).content.decode()
    client.force_login(member)
    member_page = client.get(reverse("forums:theme_list")).content.decode()

    assert "<td>1</td>" in visitor_page
    assert "<td>2</td>" in member_page


def test_theme_list_counts_threads_of_subthemes(client, theme, member):
    child = ThemeFactory(slug="sous-theme", name_fr="Sous-thème", parent=theme)
    make_thread(theme=child, author=member, title="Dans le sous-thème")
    client.force_login(member)

    page = client.get(reverse("forums:theme_list")).content.decode()

    assert "<td>1</td>" in page
    assert "Sous-thème" in page


def test_theme_page_lists_threads_with_badges(client, theme, member, member_b):
    pinned = make_thread(
        theme=theme, author=member, title="Règles du thème", pinned=True
    )
    locked = make_thread(theme=theme, author=member, title="Ancien sujet", locked=True)
    make_post(thread=locked, author=member_b)
    client.force_login(member)

    page = client.get(_theme_url(theme)).content.decode()

    assert pinned.title in page and "Épinglé" in page
    assert "Verrouillé" in page
    assert "1 réponse" in page


def test_theme_page_puts_pinned_threads_first(client, theme, member):
    pinned = make_thread(
        theme=theme,
        author=member,
        title="Épinglé il y a longtemps",
        pinned=True,
        last_activity_at=timezone.now() - datetime.timedelta(days=30),
    )
    make_thread(theme=theme, author=member, title="Tout récent")
    client.force_login(member)

    response = client.get(_theme_url(theme))

    assert response.context["threads"][0] == pinned


def test_theme_page_sorts_by_latest_activity_by_default(client, theme, member):
    old = make_thread(
        theme=theme,
        author=member,
        title="Vieux fil relancé",
        created_at=timezone.now() - datetime.timedelta(days=10),
    )
    new = make_thread(theme=theme, author=member, title="Nouveau fil")
    make_post(thread=old)
    client.force_login(member)

    by_activity = list(client.get(_theme_url(theme)).context["threads"])
    by_newest = list(client.get(_theme_url(theme, tri="recents")).context["threads"])

    assert by_activity == [old, new]
    assert by_newest == [new, old]


def test_theme_page_sort_waiting_for_reply_shows_threads_without_replies_first(
    client, theme, member
):
    answered = make_thread(theme=theme, author=member, title="Avec réponses")
    make_post(thread=answered)
    alone = make_thread(
        theme=theme,
        author=member,
        title="Sans réponse",
        last_activity_at=timezone.now() - datetime.timedelta(days=3),
    )
    client.force_login(member)

    threads = list(client.get(_theme_url(theme, tri="sans-reponse")).context["threads"])

    assert threads == [alone, answered]


def test_theme_page_filters_answered_and_unanswered(client, theme, member, member_b):
    answered = make_thread(theme=theme, author=member, title="Résolu")
    answer = make_post(thread=answered, author=member_b)
    Thread.objects.filter(pk=answered.pk).update(accepted_post=answer)
    open_thread = make_thread(theme=theme, author=member, title="Toujours ouvert")
    client.force_login(member)

    solved = list(client.get(_theme_url(theme, etat="resolus")).context["threads"])
    unsolved = list(
        client.get(_theme_url(theme, etat="non-resolus")).context["threads"]
    )

    assert solved == [answered]
    assert unsolved == [open_thread]
    assert "Réponse acceptée" in client.get(_theme_url(theme)).content.decode()


def test_theme_page_paginates_threads(client, theme, member):
    for number in range(27):
        make_thread(theme=theme, author=member, title=f"Fil numéro {number}")
    client.force_login(member)

    first = client.get(_theme_url(theme))
    second = client.get(_theme_url(theme, page=2))

    assert len(first.context["threads"]) == 25
    assert len(second.context["threads"]) == 2
    assert "Page 1 sur 2" in first.content.decode()


def test_theme_page_shows_advice_when_empty(client, theme, member):
    client.force_login(member)

    page = client.get(_theme_url(theme)).content.decode()

    assert "Personne n'a encore lancé de discussion" in page
    assert reverse("forums:thread_create", args=[theme.slug]) in page


def test_theme_page_hides_members_only_threads_from_visitors(
    client, theme, thread, public_thread
):
    threads = list(client.get(_theme_url(theme)).context["threads"])

    assert threads == [public_thread]


def test_thread_page_sends_visitors_to_sign_in_for_members_only_thread(client, thread):
    response = client.get(thread.get_absolute_url())

    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_thread_page_shows_public_thread_to_visitors(client, public_thread):
    response = client.get(public_thread.get_absolute_url())

    assert response.status_code == 200
    assert public_thread.title in response.content.decode()
    assert "Connectez-vous pour répondre" in response.content.decode()


def test_thread_page_refuses_accounts_without_a_role(client, thread):
    pending = UserFactory(email="attente@exemple.qc.ca")
    client.force_login(pending)

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 403
    assert "réservées aux membres" in response.content.decode()


@pytest.mark.parametrize("state", [{"hidden": True}, {"deleted_at": timezone.now()}])
def test_thread_page_is_not_found_when_thread_hidden_or_deleted(
    client, theme, member, state
):
    gone = make_thread(theme=theme, author=member, **state)
    client.force_login(member)

    assert client.get(gone.get_absolute_url()).status_code == 404


def test_thread_page_shows_hidden_thread_to_moderators(
    client, theme, member, moderator
):
    hidden = make_thread(theme=theme, author=member, hidden=True)
    client.force_login(moderator)

    response = client.get(hidden.get_absolute_url())

    assert response.status_code == 200
    assert "Fil masqué" in response.content.decode()


def test_thread_page_paginates_replies_after_the_question(client, thread, member_b):
    for number in range(31):
        make_post(thread=thread, author=member_b, body=f"Réponse numéro {number}")
    client.force_login(member_b)

    first = client.get(thread.get_absolute_url()).content.decode()
    second = client.get(thread.get_absolute_url() + "?page=2").content.decode()

    assert "Réponse numéro 29" in first and "Réponse numéro 30" not in first
    assert "Réponse numéro 30" in second
    assert thread.posts.first().body_source in second  # the question stays on top


def test_thread_create_sends_visitors_to_sign_in(client, theme):
    response = client.get(reverse("forums:thread_create", args=[theme.slug]))

    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_thread_create_publishes_thread_and_follows_it(client, theme, member):
    client.force_login(member)

    response = client.post(
        reverse("forums:thread_create", args=[theme.slug]),
        {
            "title": "  Quel outil pour la gestion des plaintes?  ",
            "body": "Nous comparons trois produits.",
            "visibility": "members",
        },
    )

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.title == "Quel outil pour la gestion des plaintes?"
    assert thread.posts.get().body_html == "<p>Nous comparons trois produits.</p>"
    assert Subscription.objects.filter(user=member, thread=thread).exists()


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("   ", "Un message", "Donnez un titre à votre discussion"),
        ("Un titre", " \n\t ", "Votre message est vide"),
        ("x" * 161, "Un message", "la limite est de 160"),
        ("Un titre", "y" * 20_001, "la limite est de 20000"),
    ],
)
def test_thread_create_explains_bad_input_and_keeps_the_text(
    client, theme, member, title, body, message
):
    client.force_login(member)

    response = client.post(
        reverse("forums:thread_create", args=[theme.slug]),
        {"title": title, "body": body, "visibility": "members"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page.replace("\u202f", " ").replace("&nbsp;", " ")
    assert Thread.objects.count() == 0
    if body.strip():
        assert body[:50] in page
    if title.strip():
        assert title[:50] in page


def test_thread_create_preview_button_shows_preview_without_posting(
    client, theme, member
):
    client.force_login(member)

    response = client.post(
        reverse("forums:thread_create", args=[theme.slug]),
        {
            "title": "Aperçu",
            "body": "Du **gras**",
            "visibility": "members",
            "preview": "1",
        },
    )

    assert response.status_code == 200
    assert "<strong>gras</strong>" in response.content.decode()
    assert Thread.objects.count() == 0
