"""Replying, editing, quoting and what hidden posts look like."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from forums import services
from forums.models import ModerationAction, Post, PostRevision, Subscription
from tests.factories import make_post, make_thread


def _reply(client, thread, body, **extra):
    return client.post(
        reverse("forums:reply", args=[thread.pk]), {"body": body, **extra}
    )


def test_reply_publishes_post_and_updates_thread(client, thread, member_b):
    client.force_login(member_b)

    response = _reply(client, thread, "Nous avons essayé **deux** outils.")

    post = Post.objects.get(thread=thread, author=member_b)
    thread.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#message-{post.pk}")
    assert post.body_html == "<p>Nous avons essayé <strong>deux</strong> outils.</p>"
    assert thread.reply_count == 1
    assert thread.last_post_author == member_b
    assert thread.last_activity_at == post.created_at
    assert Subscription.objects.filter(user=member_b, thread=thread).exists()


def test_reply_shows_author_name_and_municipality(client, thread, member_b):
    make_post(thread=thread, author=member_b, body="Bonjour de la ville B")
    client.force_login(member_b)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert "Béatrice Roy" in page
    assert "Sainte-Béatrice-Exemple" in page


def test_reply_requires_sign_in(client, thread):
    response = _reply(client, thread, "Bonjour")

    assert response.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [("   \n  ", "Votre message est vide"), ("z" * 20_001, "la limite est de 20000")],
)
def test_reply_explains_bad_input_and_keeps_the_text(
    client, thread, member_b, body, message
):
    client.force_login(member_b)

    response = _reply(client, thread, body)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert Post.objects.filter(thread=thread).count() == 1
    if body.strip():
        assert body in page


def test_reply_in_locked_thread_is_refused_with_text_kept(
    client, theme, member, member_b
):
    locked = make_thread(theme=theme, author=member, locked=True)
    client.force_login(member_b)

    response = _reply(client, locked, "Ma réponse soigneusement rédigée")

    page = response.content.decode()
    assert response.status_code == 403
    assert "verrouillée par la modération" in page
    assert "Ma réponse soigneusement rédigée" in page
    assert Post.objects.filter(thread=locked).count() == 1


def test_locked_thread_page_says_why_there_is_no_reply_box(client, theme, member):
    locked = make_thread(theme=theme, author=member, locked=True)
    client.force_login(member)

    page = client.get(locked.get_absolute_url()).content.decode()

    assert "verrouillée par la modération" in page
    assert 'name="body"' not in page


def test_moderator_may_reply_in_locked_thread(client, theme, member, moderator):
    locked = make_thread(theme=theme, author=member, locked=True)
    client.force_login(moderator)

    response = _reply(client, locked, "Précision de la modération")

    assert response.status_code == 302
    assert Post.objects.filter(thread=locked, author=moderator).exists()


@pytest.mark.parametrize("state", ["hidden", "deleted"])
def test_reply_to_hidden_or_deleted_thread_is_not_found(
    client, theme, member, member_b, state
):
    from django.utils import timezone

    fields = {"hidden": True} if state == "hidden" else {"deleted_at": timezone.now()}
    gone = make_thread(theme=theme, author=member, **fields)
    client.force_login(member_b)

    response = _reply(client, gone, "Bonjour")

    assert response.status_code == 404
    assert Post.objects.filter(thread=gone).count() == 1


def test_reply_service_refuses_hidden_thread_even_for_direct_calls(
    theme, member, member_b
):
    gone = make_thread(theme=theme, author=member, hidden=True)

    with pytest.raises(services.ThreadClosed):
        services.reply(thread=gone, author=member_b, body="Bonjour")


def test_reply_preview_keeps_text_and_posts_nothing(client, thread, member_b):
    client.force_login(member_b)

    response = _reply(client, thread, "Un *aperçu*", preview="1")

    page = response.content.decode()
    assert "<em>aperçu</em>" in page
    assert "Un *aperçu*" in page
    assert Post.objects.filter(thread=thread).count() == 1


def test_quote_link_prefills_reply_with_markdown_quote(client, thread, member_b):
    quoted = make_post(thread=thread, author=member_b, body="Ligne un\nLigne deux")
    client.force_login(member_b)

    response = client.get(f"{thread.get_absolute_url()}?citer={quoted.pk}")

    form = response.context["reply_form"]
    assert form.initial["body"].startswith("Béatrice Roy a écrit :\n> Ligne un\n")
    assert "> Ligne deux" in form.initial["body"]
    assert form.initial["quote_of"] == quoted.pk


def test_quote_link_ignores_posts_of_other_threads(client, theme, thread, member_b):
    elsewhere = make_post(thread=make_thread(theme=theme), body="Ailleurs")
    client.force_login(member_b)

    response = client.get(f"{thread.get_absolute_url()}?citer={elsewhere.pk}")

    assert "Ailleurs" not in response.context["reply_form"].initial.get("body", "")


def test_edit_own_post_keeps_previous_text_and_shows_marker(client, thread, member):
    post = thread.posts.get()
    original = post.body_source
    client.force_login(member)

    response = client.post(
        reverse("forums:post_edit", args=[post.pk]), {"body": "Texte corrigé"}
    )

    post.refresh_from_db()
    assert response.status_code == 302
    assert post.body_html == "<p>Texte corrigé</p>"
    assert post.edited_at is not None
    assert PostRevision.objects.get(post=post).body_source == original
    assert "modifié" in client.get(thread.get_absolute_url()).content.decode()


def test_edit_someone_elses_post_is_refused(client, thread, member_b):
    post = thread.posts.get()
    client.force_login(member_b)

    response = client.post(
        reverse("forums:post_edit", args=[post.pk]), {"body": "Vandalisme"}
    )

    post.refresh_from_db()
    assert response.status_code == 403
    assert "vos propres messages" in response.content.decode()
    assert post.body_source != "Vandalisme"


def test_edit_service_refuses_someone_elses_post(thread, member_b):
    with pytest.raises(PermissionDenied):
        services.edit_post(post=thread.posts.get(), editor=member_b, body="Non")


def test_edit_with_empty_text_keeps_original_and_explains(client, thread, member):
    post = thread.posts.get()
    client.force_login(member)

    response = client.post(reverse("forums:post_edit", args=[post.pk]), {"body": " "})

    post.refresh_from_db()
    assert "Votre message est vide" in response.content.decode()
    assert post.body_source.strip()


def test_moderator_edit_is_recorded_in_audit_trail(thread, member, moderator):
    post = thread.posts.get()

    services.edit_post(post=post, editor=moderator, body="Coordonnées retirées")

    action = ModerationAction.objects.get()
    assert action.kind == "edit_post"
    assert action.actor == moderator
    assert action.post == post
    assert action.target_user == member


def test_post_history_is_for_moderators_only(client, thread, member, moderator):
    post = thread.posts.get()
    services.edit_post(post=post, editor=member, body="Deuxième version")
    url = reverse("forums:post_history", args=[post.pk])

    client.force_login(member)
    refused = client.get(url)
    client.force_login(moderator)
    shown = client.get(url)

    assert refused.status_code == 403
    assert shown.status_code == 200
    assert "Nous cherchons un outil" in shown.content.decode()


def test_hidden_post_shows_placeholder_to_members(client, thread, member, member_b):
    make_post(thread=thread, author=member_b, body="Propos déplacés", hidden=True)
    client.force_login(member)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert "Ce message a été masqué par la modération." in page
    assert "Propos déplacés" not in page


def test_hidden_post_shows_with_marker_to_moderators(
    client, thread, member_b, moderator
):
    make_post(thread=thread, author=member_b, body="Propos déplacés", hidden=True)
    client.force_login(moderator)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert "Propos déplacés" in page
    assert "post__hidden-marker" in page


def test_preview_endpoint_requires_membership(client):
    response = client.post(reverse("forums:preview"), {"body": "Bonjour"})

    assert response.status_code == 302


def test_preview_endpoint_requires_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(reverse("forums:preview"), {"body": "Bonjour"})

    assert response.status_code == 403
