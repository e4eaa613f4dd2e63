"""One-click unsubscribe links: no sign-in, GET only asks, only for the recipient."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from cop.accounts.models import Profile
from forums.models import Subscription
from forums.notifications import (
    UnsubscribeScope,
    follow_theme,
    follow_thread,
    make_unsubscribe_token,
    notify_new_reply,
)
from tests.factories import make_post

pytestmark = pytest.mark.django_db


def _url(user, scope, target_id=None) -> str:
    token = make_unsubscribe_token(user=user, scope=scope, target_id=target_id)
    return reverse("forums:unsubscribe", args=[token])


def _frequency(user) -> str:
    return Profile.objects.get(user=user).notification_frequency


def test_unsubscribe_link_in_email_stops_following_the_thread_without_sign_in(
    client, thread, member, member_b, django_capture_on_commit_callbacks
):
    follow_thread(user=member, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        notify_new_reply(make_post(thread=thread, author=member_b))
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    url = re.search(r"<https?://[^/]+(/[^>]+)>", header).group(1)
    assert url in mail.outbox[0].body

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert thread.title in confirm.content.decode()
    assert Subscription.objects.filter(user=member, thread=thread).exists()

    done = client.post(url)
    assert done.status_code == 200
    assert not Subscription.objects.filter(user=member, thread=thread).exists()


def test_unsubscribe_one_click_post_from_mail_client_works_without_csrf(thread, member):
    from django.test import Client

    follow_thread(user=member, thread=thread)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        _url(member, UnsubscribeScope.THREAD, thread.pk),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert not Subscription.objects.filter(user=member, thread=thread).exists()


def test_unsubscribe_get_changes_nothing(client, member):
    client.get(_url(member, UnsubscribeScope.ALL))

    assert _frequency(member) == "immediate"


def test_unsubscribe_from_all_sets_preference_to_never(client, member):
    client.post(_url(member, UnsubscribeScope.ALL))

    assert _frequency(member) == "never"


def test_unsubscribe_from_theme_removes_only_that_subscription(
    client, theme, thread, member
):
    follow_theme(user=member, theme=theme)
    follow_thread(user=member, thread=thread)

    client.post(_url(member, UnsubscribeScope.THEME, theme.pk))

    assert not Subscription.objects.filter(user=member, theme=theme).exists()
    assert Subscription.objects.filter(user=member, thread=thread).exists()


def test_unsubscribe_with_tampered_token_shows_error_and_changes_nothing(
    client, member, member_b
):
    token = make_unsubscribe_token(user=member, scope=UnsubscribeScope.ALL)
    _value, signature = token.rsplit(":", 1)
    forged_value = make_unsubscribe_token(
        user=member_b, scope=UnsubscribeScope.ALL
    ).rsplit(":", 1)[0]
    forged = f"{forged_value}:{signature}"

    response = client.post(reverse("forums:unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert "invalide" in response.content.decode()
    assert _frequency(member) == "immediate"
    assert _frequency(member_b) == "immediate"


def test_unsubscribe_token_only_ever_affects_its_recipient(
    client, thread, member, member_b
):
    """Whoever follows the link (signed in as someone else, or not at all), only
    the person the token names is unsubscribed."""
    follow_thread(user=member, thread=thread)
    follow_thread(user=member_b, thread=thread)
    client.force_login(member_b)

    client.post(_url(member, UnsubscribeScope.THREAD, thread.pk))

    assert not Subscription.objects.filter(user=member, thread=thread).exists()
    assert Subscription.objects.filter(user=member_b, thread=thread).exists()


def test_unsubscribe_token_signed_for_another_purpose_is_refused(client, member):
    from django.core import signing

    other = signing.dumps({"u": member.pk, "s": "all", "t": None})

    response = client.post(reverse("forums:unsubscribe", args=[other]))

    assert response.status_code == 400
    assert _frequency(member) == "immediate"
