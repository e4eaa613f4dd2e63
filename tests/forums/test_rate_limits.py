"""Posting limits: stricter for new members, a clear message, the text kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums import services
from forums.models import Post, Thread
from forums.ratelimits import LIMITS, NEW_MEMBER_DAYS, POST, THREAD, RateLimited


def _new_thread(client, theme, title):
    return client.post(
        reverse("forums:thread_create", args=[theme.slug]),
        {"title": title, "body": "Texte de la question", "visibility": "members"},
    )


def test_new_member_hits_thread_limit_with_clear_message_and_kept_text(
    client, theme, member
):
    client.force_login(member)
    allowed = LIMITS[THREAD][0].count
    for number in range(allowed):
        assert _new_thread(client, theme, f"Question {number}").status_code == 302

    response = _new_thread(client, theme, "Une question de trop")

    page = response.content.decode()
    assert response.status_code == 429
    assert f"{allowed} nouveaux fils par jour" in page
    assert "nouveaux membres" in page
    assert "Vous pourrez publier de nouveau à" in page
    assert "Une question de trop" in page
    assert Thread.objects.count() == allowed


def test_established_member_may_open_more_threads(client, theme, member, established):
    established(member, days=NEW_MEMBER_DAYS + 1)
    client.force_login(member)

    for number in range(LIMITS[THREAD][0].count + 1):
        assert _new_thread(client, theme, f"Question {number}").status_code == 302


def test_established_member_hits_post_limit(thread, member_b, established):
    established(member_b)
    limit = LIMITS[POST][1].count
    for number in range(limit):
        services.reply(thread=thread, author=member_b, body=f"Réponse {number}")

    with pytest.raises(RateLimited) as error:
        services.reply(thread=thread, author=member_b, body="Une de trop")

    assert f"{limit} messages par heure" in error.value.message
    assert "nouveaux membres" not in error.value.message
    assert error.value.retry_after > 0


def test_new_member_reply_limit_shows_message_and_keeps_reply(client, thread, member_b):
    client.force_login(member_b)
    limit = LIMITS[POST][0].count
    for number in range(limit):
        client.post(
            reverse("forums:reply", args=[thread.pk]), {"body": f"Réponse {number}"}
        )

    response = client.post(
        reverse("forums:reply", args=[thread.pk]), {"body": "Ma réponse gardée"}
    )

    page = response.content.decode()
    assert response.status_code == 429
    assert f"{limit} messages par heure" in page
    assert "Ma réponse gardée" in page
    assert Post.objects.filter(author=member_b).count() == limit


def test_failed_posts_do_not_count_toward_the_limit(client, thread, member_b):
    client.force_login(member_b)
    for _attempt in range(LIMITS[POST][0].count + 2):
        client.post(reverse("forums:reply", args=[thread.pk]), {"body": "  "})

    response = client.post(
        reverse("forums:reply", args=[thread.pk]), {"body": "Enfin une vraie réponse"}
    )

    assert response.status_code == 302


def test_moderators_are_not_rate_limited(thread, moderator):
    for number in range(LIMITS[POST][1].count + 1):
        services.reply(thread=thread, author=moderator, body=f"Note {number}")

    assert Post.objects.filter(author=moderator).count() == LIMITS[POST][1].count + 1
