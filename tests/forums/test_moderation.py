"""Moderators hide, lock, pin, move and suspend; nobody else can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cop.accounts.models import Profile
from forums import moderation
from forums.models import (
    ModerationAction,
    ModerationActionKind,
    Report,
    ReportStatus,
    Thread,
)
from tests.factories import ThemeFactory, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(thread, member_b):
    return make_post(
        thread=thread, author=member_b, body="Un message vraiment déplacé ici."
    )


@pytest.fixture
def other_theme(db):
    return ThemeFactory(slug="participation", name_fr="Participation citoyenne")


# --- Who may act -----------------------------------------------------------------


def _action_requests(thread, reply, other_theme) -> dict[str, tuple[str, dict]]:
    return {
        "hide_post": (
            reverse("forums:hide_post", args=[reply.pk]),
            {"reason": "Propos injurieux"},
        ),
        "dismiss_reports": (
            reverse("forums:dismiss_reports", args=[reply.pk]),
            {"reason": ""},
        ),
        "suspend_author": (
            reverse("forums:suspend_author", args=[reply.pk]),
            {"reason": "Harcèlement répété"},
        ),
        "lock_thread": (reverse("forums:lock_thread", args=[thread.pk]), {}),
        "pin_thread": (reverse("forums:pin_thread", args=[thread.pk]), {}),
        "hide_thread": (
            reverse("forums:hide_thread", args=[thread.pk]),
            {"reason": "Doublon"},
        ),
        "move_thread": (
            reverse("forums:move_thread", args=[thread.pk]),
            {"theme": other_theme.pk, "reason": "Mauvais thème"},
        ),
    }


ACTIONS = [
    "hide_post",
    "dismiss_reports",
    "suspend_author",
    "lock_thread",
    "pin_thread",
    "hide_thread",
    "move_thread",
]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["member", "contributor"])
def test_moderation_actions_are_refused_to_non_moderators(
    request, client, thread, reply, other_theme, role, action
):
    client.force_login(request.getfixturevalue(role))
    url, data = _action_requests(thread, reply, other_theme)[action]

    response = client.post(url, data)

    assert response.status_code == 403
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert not (thread.locked or thread.pinned or thread.hidden or reply.hidden)
    assert thread.theme != other_theme
    assert not ModerationAction.objects.exists()
    assert Profile.objects.get(user=reply.author).suspended_at is None


@pytest.mark.parametrize("action", ACTIONS)
def test_moderation_actions_send_visitors_to_sign_in(
    client, thread, reply, other_theme, action
):
    url, data = _action_requests(thread, reply, other_theme)[action]

    response = client.post(url, data)

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("action", ["hide_post", "lock_thread", "move_thread"])
def test_moderation_actions_refuse_get(client, moderator, thread, reply, action):
    client.force_login(moderator)
    url, _data = _action_requests(thread, reply, ThemeFactory())[action]

    assert client.get(url).status_code == 405


# --- Hiding posts --------------------------------------------------------------------


def test_hide_post_shows_placeholder_to_members_and_marker_to_moderators(
    client, thread, reply, member, moderator
):
    client.force_login(moderator)
    response = client.post(
        reverse("forums:hide_post", args=[reply.pk]),
        {"reason": "Propos injurieux", "next": thread.get_absolute_url()},
    )
    assert response.status_code == 302

    moderator_page = client.get(thread.get_absolute_url()).content.decode()
    assert "Un message vraiment déplacé ici." in moderator_page
    assert "post__hidden-marker" in moderator_page

    client.force_login(member)
    member_page = client.get(thread.get_absolute_url()).content.decode()
    assert "Un message vraiment déplacé ici." not in member_page
    assert "Ce message a été masqué par la modération." in member_page


def test_hide_post_requires_a_reason_and_keeps_the_form(client, moderator, reply):
    client.force_login(moderator)

    response = client.post(
        reverse("forums:hide_post", args=[reply.pk]), {"reason": " "}
    )

    assert response.status_code == 400
    assert "Indiquez le motif" in response.content.decode()
    reply.refresh_from_db()
    assert not reply.hidden
    assert not ModerationAction.objects.exists()


def test_hide_post_service_requires_a_reason(moderator, reply):
    with pytest.raises(moderation.ModerationError, match="Indiquez pourquoi"):
        moderation.hide_post(post=reply, moderator=moderator, reason="   ")


def test_hide_post_resolves_its_open_reports(member, moderator, reply):
    moderation.report_post(post=reply, reporter=member, reason="abuse")

    moderation.hide_post(post=reply, moderator=moderator, reason="Injurieux")

    report = Report.objects.get()
    assert report.status == ReportStatus.RESOLVED
    assert report.handled_by == moderator


def test_hide_post_bumps_the_thread_search_version(moderator, reply):
    before = reply.thread.search_version

    moderation.hide_post(post=reply, moderator=moderator, reason="Injurieux")

    assert Thread.objects.get(pk=reply.thread_id).search_version == before + 1


def test_unhide_post_makes_it_visible_again(client, member, moderator, thread, reply):
    moderation.hide_post(post=reply, moderator=moderator, reason="Erreur")
    client.force_login(moderator)

    client.post(reverse("forums:unhide_post", args=[reply.pk]))

    client.force_login(member)
    assert (
        "Un message vraiment déplacé ici."
        in client.get(thread.get_absolute_url()).content.decode()
    )


# --- Threads -------------------------------------------------------------------------


def test_lock_thread_then_unlock(client, moderator, thread):
    client.force_login(moderator)

    client.post(reverse("forums:lock_thread", args=[thread.pk]), {"reason": "Clos"})
    thread.refresh_from_db()
    assert thread.locked

    client.post(reverse("forums:unlock_thread", args=[thread.pk]))
    thread.refresh_from_db()
    assert not thread.locked


def test_lock_thread_twice_is_explained(client, moderator, thread):
    moderation.lock_thread(thread=thread, moderator=moderator)
    client.force_login(moderator)

    response = client.post(reverse("forums:lock_thread", args=[thread.pk]))

    assert response.status_code == 400
    assert "déjà verrouillé" in response.content.decode()


def test_pin_thread_then_unpin(moderator, thread):
    moderation.pin_thread(thread=thread, moderator=moderator)
    thread.refresh_from_db()
    assert thread.pinned

    moderation.unpin_thread(thread=thread, moderator=moderator)
    thread.refresh_from_db()
    assert not thread.pinned


def test_move_thread_changes_theme_and_is_logged(
    client, moderator, thread, theme, other_theme
):
    client.force_login(moderator)

    client.post(
        reverse("forums:move_thread", args=[thread.pk]),
        {"theme": other_theme.pk, "reason": "Porte sur la participation"},
    )

    thread.refresh_from_db()
    assert thread.theme == other_theme
    action = ModerationAction.objects.get(kind=ModerationActionKind.MOVE_THREAD)
    assert action.actor == moderator
    assert action.reason == "Porte sur la participation"
    assert action.details["from"]["id"] == theme.pk
    assert action.details["to"]["id"] == other_theme.pk


def test_move_thread_requires_a_reason(client, moderator, thread, theme, other_theme):
    client.force_login(moderator)

    response = client.post(
        reverse("forums:move_thread", args=[thread.pk]), {"theme": other_theme.pk}
    )

    assert response.status_code == 400
    assert "Indiquez le motif" in response.content.decode()
    thread.refresh_from_db()
    assert thread.theme == theme


def test_hide_thread_hides_it_from_members_only(client, member, moderator, thread):
    moderation.hide_thread(thread=thread, moderator=moderator, reason="Doublon")

    assert not Thread.objects.visible_to(member).filter(pk=thread.pk).exists()
    assert Thread.objects.visible_to(moderator).filter(pk=thread.pk).exists()


def test_hide_thread_requires_a_reason(moderator, thread):
    with pytest.raises(moderation.ModerationError, match="Indiquez pourquoi"):
        moderation.hide_thread(thread=thread, moderator=moderator, reason="")


# --- Suspending ----------------------------------------------------------------------


def test_suspend_author_suspends_and_logs(client, moderator, reply):
    client.force_login(moderator)

    client.post(
        reverse("forums:suspend_author", args=[reply.pk]),
        {"reason": "Harcèlement répété"},
    )

    assert Profile.objects.get(user=reply.author).suspended_at is not None
    action = ModerationAction.objects.get(kind=ModerationActionKind.SUSPEND_MEMBER)
    assert (action.actor, action.target_user) == (moderator, reply.author)
    assert action.reason == "Harcèlement répété"


def test_suspend_author_requires_a_reason(client, moderator, reply):
    client.force_login(moderator)

    response = client.post(reverse("forums:suspend_author", args=[reply.pk]))

    assert response.status_code == 400
    assert Profile.objects.get(user=reply.author).suspended_at is None


def test_moderator_cannot_suspend_an_administrator(moderator, administrator, thread):
    post = make_post(thread=thread, author=administrator)

    with pytest.raises(moderation.ModerationError):
        moderation.suspend_member_from_forum(
            user=administrator, moderator=moderator, reason="Test", post=post
        )


# --- Controls shown on the thread page ---------------------------------------------


def test_thread_page_shows_moderation_controls_only_to_moderators(
    client, member, moderator, thread, reply
):
    client.force_login(member)
    member_page = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("forums:lock_thread", args=[thread.pk]) not in member_page
    assert reverse("forums:hide_post", args=[reply.pk]) not in member_page
    assert reverse("forums:report_post", args=[reply.pk]) in member_page

    client.force_login(moderator)
    moderator_page = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("forums:lock_thread", args=[thread.pk]) in moderator_page
    assert reverse("forums:hide_post", args=[reply.pk]) in moderator_page
    assert reverse("forums:move_thread", args=[thread.pk]) in moderator_page
