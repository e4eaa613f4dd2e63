"""In real Chromium: A asks, B answers, A accepts, C reports, a moderator hides
the report's post; C sees a placeholder, the moderator the post with its marker,
and the audit trail lists the action."""

from __future__ import annotations

import re

import pytest

from forums.models import ModerationAction, ModerationActionKind, Post, Thread
from tests.factories import ThemeFactory, UserFactory, give_profile, verify_email

pytestmark = pytest.mark.e2e

PASSWORD = "mot-de-passe-solide-1"


@pytest.fixture
def people(transactional_db):
    theme = ThemeFactory(slug="transcription-e2e", name_fr="Transcription (essai)")
    people = {"theme": theme}
    for key, email, name, groups in [
        ("a", "alice@ville-a.qc.ca", "Alice Asselin", ["Members"]),
        ("b", "benoit@ville-b.qc.ca", "Benoît Bélanger", ["Members"]),
        ("c", "chloe@ville-c.qc.ca", "Chloé Côté", ["Members"]),
        ("moderator", "mod@carrefour.example", "Modération", ["Members", "Moderators"]),
    ]:
        user = UserFactory(email=email, groups=groups)
        give_profile(user, display_name=name, approval_status="approved")
        verify_email(user)
        people[key] = user
    return people


def _sign_in_as(tab, user, next_path: str) -> None:
    tab.context.clear_cookies()
    tab.goto(f"/comptes/login/?next={next_path}")
    tab.locator("input[name=login]").fill(user.email)
    tab.locator("input[name=password]").fill(PASSWORD)
    with tab.expect_navigation():
        tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url(re.compile(re.escape(next_path) + r"(#.*)?$"))


def test_moderator_hides_a_reported_post_from_the_queue(page, people, axe_violations):
    theme = people["theme"]
    new_thread_path = f"/discussions/themes/{theme.slug}/nouveau/"

    # A asks a question.
    _sign_in_as(page, people["a"], new_thread_path)
    page.locator("#id_title").fill("Quel outil pour transcrire les séances?")
    page.locator("#id_body").fill("Nous cherchons un outil de transcription fiable.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier la discussion").click()
    thread = Thread.objects.get(title="Quel outil pour transcrire les séances?")
    thread_path = thread.get_absolute_url()

    # B replies.
    _sign_in_as(page, people["b"], thread_path)
    page.locator("#repondre textarea[name=body]").fill(
        "Nous utilisons un outil québécois depuis un an."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Publier ma réponse").click()
    reply = Post.objects.get(author=people["b"])

    # A marks B's reply as the answer.
    _sign_in_as(page, people["a"], thread_path)
    with page.expect_navigation():
        page.get_by_role("button", name="Marquer comme réponse acceptée").click()
    thread.refresh_from_db()
    assert thread.accepted_post_id == reply.pk

    # C reports B's reply.
    _sign_in_as(page, people["c"], thread_path)
    reply_article = page.locator(f"#message-{reply.pk}")
    reply_article.locator("summary", has_text="Signaler").click()
    reply_article.get_by_label("Hors sujet").check()
    reply_article.locator("textarea[name=details]").fill("Ne répond pas à la question.")
    with page.expect_navigation():
        reply_article.get_by_role("button", name="Envoyer le signalement").click()
    assert "Merci" in page.locator(".messages").inner_text()

    # The moderator hides it from the queue.
    queue_path = "/discussions/moderation/signalements/"
    _sign_in_as(page, people["moderator"], queue_path)
    assert "Ne répond pas à la question." in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Motif du masquage (obligatoire)").fill("Hors sujet, signalé")
    with page.expect_navigation():
        page.get_by_role("button", name="Masquer le message").click()
    reply.refresh_from_db()
    assert reply.hidden

    # The moderator still sees the post, with its hidden marker.
    page.goto(thread_path)
    moderator_view = page.locator(f"#message-{reply.pk}")
    assert "Nous utilisons un outil québécois" in moderator_view.inner_text()
    assert moderator_view.locator(".post__hidden-marker").is_visible()

    # The audit trail lists the action: who, what, why.
    page.goto("/discussions/moderation/journal/")
    assert axe_violations(page) == []
    row = page.locator("tr.audit-entry").first
    assert "Message masqué" in row.inner_text()
    assert "Modération" in row.inner_text()
    assert "Hors sujet, signalé" in row.inner_text()
    assert ModerationAction.objects.filter(
        kind=ModerationActionKind.HIDE_POST, actor=people["moderator"], post=reply
    ).exists()

    # C now sees a placeholder instead of the post.
    _sign_in_as(page, people["c"], thread_path)
    member_view = page.locator(f"#message-{reply.pk}")
    assert "masqué par la modération" in member_view.inner_text()
    assert "Nous utilisons un outil québécois" not in page.content()
    page.goto("/discussions/notifications/")
    assert axe_violations(page) == []
