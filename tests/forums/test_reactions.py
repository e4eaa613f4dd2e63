"""The "utile" reaction: one per member per post, counted, never on one's own."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forums import services
from forums.models import Reaction
from tests.factories import make_post


def _react(client, post):
    return client.post(reverse("forums:react", args=[post.pk]))


def test_react_marks_post_useful_and_counts_it(client, thread, member, member_b):
    post = make_post(thread=thread, author=member_b)
    client.force_login(member)

    response = _react(client, post)

    post.refresh_from_db()
    assert response.status_code == 302
    assert post.reaction_count == 1
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page


def test_react_twice_removes_the_reaction(client, thread, member, member_b):
    post = make_post(thread=thread, author=member_b)
    client.force_login(member)

    _react(client, post)
    _react(client, post)

    post.refresh_from_db()
    assert post.reaction_count == 0
    assert not Reaction.objects.exists()


def test_react_counts_one_per_member(thread, member, member_b, moderator):
    post = thread.posts.get()

    assert services.toggle_reaction(post=post, user=member_b) is True
    assert services.toggle_reaction(post=post, user=moderator) is True

    post.refresh_from_db()
    assert post.reaction_count == 2


def test_react_on_own_post_is_refused(client, thread, member):
    client.force_login(member)

    response = _react(client, thread.posts.get())

    assert response.status_code == 403
    assert "votre propre message" in response.content.decode()
    assert not Reaction.objects.exists()


def test_react_requires_sign_in(client, public_thread):
    response = _react(client, public_thread.posts.get())

    assert response.status_code == 302
    assert not Reaction.objects.exists()


def test_react_on_hidden_post_is_refused(thread, member, member_b):
    post = make_post(thread=thread, author=member_b, hidden=True)

    with pytest.raises(PermissionDenied):
        services.toggle_reaction(post=post, user=member)
