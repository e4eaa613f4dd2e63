"""The moderation audit trail: who did what, to what, when and why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums import moderation
from forums.models import ModerationAction, ModerationActionKind
from tests.factories import ThemeFactory, UserFactory, give_profile, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_moderator(db):
    user = UserFactory(
        email="mod2@ville.exemple.qc.ca", groups=["Members", "Moderators"]
    )
    give_profile(user, display_name="Mireille Modère")
    return user


def test_every_moderation_service_records_one_action(moderator, thread, member_b):
    post = make_post(thread=thread, author=member_b)
    other = ThemeFactory(slug="autre")
    moderation.report_post(post=post, reporter=thread.author, reason="spam")

    moderation.dismiss_reports(post=post, moderator=moderator, reason="Correct")
    moderation.hide_post(post=post, moderator=moderator, reason="Injurieux")
    moderation.unhide_post(post=post, moderator=moderator)
    moderation.lock_thread(thread=thread, moderator=moderator)
    moderation.unlock_thread(thread=thread, moderator=moderator)
    moderation.pin_thread(thread=thread, moderator=moderator)
    moderation.unpin_thread(thread=thread, moderator=moderator)
    moderation.move_thread(
        thread=thread, to_theme=other, moderator=moderator, reason="Mieux là"
    )
    moderation.hide_thread(thread=thread, moderator=moderator, reason="Doublon")
    moderation.unhide_thread(thread=thread, moderator=moderator)
    moderation.suspend_member_from_forum(
        user=member_b, moderator=moderator, reason="Spam", post=post
    )

    kinds = set(ModerationAction.objects.values_list("kind", flat=True))
    assert kinds == set(ModerationActionKind.values) - {ModerationActionKind.EDIT_POST}
    assert not ModerationAction.objects.exclude(actor=moderator).exists()


def test_audit_log_lists_who_what_target_and_why(
    client, named_moderator, thread, member_b
):
    post = make_post(thread=thread, author=member_b)
    moderation.hide_post(
        post=post, moderator=named_moderator, reason="Renseignements personnels"
    )
    client.force_login(named_moderator)

    response = client.get(reverse("forums:audit_log"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Mireille Modère" in content
    assert "Message masqué" in content
    assert "Renseignements personnels" in content
    assert post.get_absolute_url() in content


def test_audit_log_shows_move_from_and_to(client, moderator, thread, theme):
    other = ThemeFactory(slug="participation", name_fr="Participation citoyenne")
    moderation.move_thread(
        thread=thread, to_theme=other, moderator=moderator, reason="Mauvais thème"
    )
    client.force_login(moderator)

    content = client.get(reverse("forums:audit_log")).content.decode()

    assert "Fil déplacé" in content
    assert theme.name_fr in content
    assert "Participation citoyenne" in content


def test_audit_log_filters_by_kind_and_by_moderator(
    client, moderator, named_moderator, thread
):
    moderation.lock_thread(thread=thread, moderator=moderator, reason="Raison A")
    moderation.pin_thread(thread=thread, moderator=named_moderator, reason="Raison B")
    client.force_login(moderator)
    url = reverse("forums:audit_log")

    by_kind = client.get(url, {"kind": "lock_thread"}).content.decode()
    by_actor = client.get(url, {"actor": named_moderator.pk}).content.decode()

    assert "Raison A" in by_kind and "Raison B" not in by_kind
    assert "Raison B" in by_actor and "Raison A" not in by_actor


def test_audit_log_ignores_an_invalid_filter_with_a_message(client, moderator, thread):
    moderation.lock_thread(thread=thread, moderator=moderator, reason="Raison A")
    client.force_login(moderator)

    response = client.get(reverse("forums:audit_log"), {"kind": "n-importe-quoi"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "n'est pas valide" in content
    assert "Raison A" in content


@pytest.mark.parametrize("role", ["member", "contributor"])
def test_audit_log_is_refused_to_non_moderators(request, client, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("forums:audit_log")).status_code == 403


def test_audit_log_sends_visitors_to_sign_in(client):
    response = client.get(reverse("forums:audit_log"))

    assert response.status_code == 302
    assert "login" in response["Location"]
