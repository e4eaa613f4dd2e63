"""Accepted answers: who may choose, where it shows, replacing and removing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_post


def _accept(client, post, **data):
    return client.post(reverse("forums:accept_answer", args=[post.pk]), data)


def test_accept_answer_by_thread_author_shows_it_under_the_question(
    client, thread, member, member_b
):
    answer = make_post(thread=thread, author=member_b, body="Voici la solution")
    make_post(thread=thread, author=member_b, body="Autre réponse")
    client.force_login(member)

    response = _accept(client, answer)

    thread.refresh_from_db()
    assert response.status_code == 302
    assert thread.accepted_post == answer
    page = client.get(thread.get_absolute_url())
    assert page.context["accepted_post"] == answer
    html = page.content.decode()
    assert html.index("Voici la solution") < html.index("Autre réponse")
    assert 'id="accepted-title"' in html


def test_accept_answer_by_moderator_is_allowed(client, thread, member_b, moderator):
    answer = make_post(thread=thread, author=member_b)
    client.force_login(moderator)

    _accept(client, answer)

    thread.refresh_from_db()
    assert thread.accepted_post == answer


def test_accept_answer_by_someone_else_is_refused(client, thread, member_b):
    answer = make_post(thread=thread, author=member_b)
    client.force_login(member_b)

    response = _accept(client, answer)

    thread.refresh_from_db()
    assert response.status_code == 403
    assert "Seule la personne qui a posé la question" in response.content.decode()
    assert thread.accepted_post is None


def test_accept_answer_refuses_the_question_itself(client, thread, member):
    client.force_login(member)

    response = _accept(client, thread.posts.get())

    thread.refresh_from_db()
    assert response.status_code == 403
    assert thread.accepted_post is None


def test_accept_answer_replaces_the_previous_one(client, thread, member, member_b):
    first = make_post(thread=thread, author=member_b)
    second = make_post(thread=thread, author=member_b)
    client.force_login(member)

    _accept(client, first)
    _accept(client, second)

    thread.refresh_from_db()
    assert thread.accepted_post == second


def test_unaccept_answer_leaves_thread_unanswered(client, thread, member, member_b):
    answer = make_post(thread=thread, author=member_b)
    client.force_login(member)
    _accept(client, answer)

    _accept(client, answer, action="retirer")

    thread.refresh_from_db()
    assert thread.accepted_post is None


@pytest.mark.parametrize("viewer", ["member", "member_b"])
def test_accept_button_shows_only_to_thread_author(
    request, client, thread, member_b, viewer
):
    make_post(thread=thread, author=member_b)
    client.force_login(request.getfixturevalue(viewer))

    page = client.get(thread.get_absolute_url()).content.decode()

    assert ("Marquer comme réponse acceptée" in page) == (viewer == "member")
