"""Member A asks, member B answers, A accepts the answer, member C reports it,
a moderator hides it: C sees the placeholder, the moderator the marked post,
and the audit trail lists the action."""

from __future__ import annotations

import pytest

from forums.models import ModerationAction, Post, Report, Thread
from tests.factories import ThemeFactory, UserFactory, give_profile, verify_email

PASSWORD = "mot-de-passe-solide-1"
QUESTION = "Quel outil utilisez-vous pour les requêtes citoyennes?"
ANSWER = "Nous utilisons un portail québécois depuis deux ans, très satisfaits."


@pytest.fixture
def people(transactional_db):
    theme = ThemeFactory(slug="requetes-e2e", name_fr="Requêtes citoyennes (essai)")
    accounts = {}
    for key, email, name, groups in (
        ("a", "a@ville-a.exemple.qc.ca", "Alice de A", ["Members"]),
        ("b", "b@ville-b.exemple.qc.ca", "Bruno de B", ["Members"]),
        ("c", "c@ville-c.exemple.qc.ca", "Chloé de C", ["Members"]),
        (
            "mod",
            "moderation@carrefour.example",
            "Modération",
            ["Members", "Moderators"],
        ),
    ):
        user = UserFactory(email=email, groups=groups)
        give_profile(user, display_name=name, approval_status="approved")
        verify_email(user)
        accounts[key] = user
    return {"theme": theme, **accounts}


def _sign_in(page, user):
    page.context.clear_cookies()
    page.goto("/comptes/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_members_discuss_and_moderator_hides_a_reported_answer(page, people):
    theme = people["theme"]

    # A asks.
    _sign_in(page, people["a"])
    page.goto(f"/discussions/themes/{theme.slug}/")
    page.get_by_role("link", name="Lancer une discussion").click()
    page.get_by_label("Titre").fill(QUESTION)
    page.get_by_label("Votre question ou votre message").fill(
        "Nous comparons des portails pour les requêtes de nos citoyens."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Publier la discussion").click()
    thread = Thread.objects.get(title=QUESTION)
    assert page.locator("h1").inner_text() == QUESTION

    # B answers.
    _sign_in(page, people["b"])
    page.goto(thread.get_absolute_url())
    page.get_by_label("Votre réponse").fill(ANSWER)
    with page.expect_navigation():
        page.get_by_role("button", name="Publier ma réponse").click()
    answer = Post.objects.get(thread=thread, author=people["b"])
    assert page.locator(f"#message-{answer.pk}").get_by_text(ANSWER).count() == 1

    # A accepts B's answer: it shows right under the question.
    _sign_in(page, people["a"])
    page.goto(thread.get_absolute_url())
    with page.expect_navigation():
        page.locator(f"#message-{answer.pk}").get_by_role(
            "button", name="Marquer comme réponse acceptée"
        ).click()
    assert page.locator(".accepted-answer").get_by_text(ANSWER).count() == 1

    # C reports it.
    _sign_in(page, people["c"])
    page.goto(thread.get_absolute_url())
    post_c = page.locator(f"#message-{answer.pk}")
    post_c.locator("summary", has_text="Signaler").click()
    post_c.get_by_label("Pourriel ou publicité").check()
    with page.expect_navigation():
        post_c.get_by_role("button", name="Envoyer le signalement").click()
    assert Report.objects.filter(post=answer, reporter=people["c"]).exists()

    # The moderator hides it, with a reason.
    _sign_in(page, people["mod"])
    page.goto(thread.get_absolute_url())
    post_m = page.locator(f"#message-{answer.pk}")
    post_m.locator("summary", has_text="Modérer").click()
    post_m.get_by_label("Motif du masquage (obligatoire)").fill(
        "Publicité d'un vendeur"
    )
    with page.expect_navigation():
        post_m.get_by_role("button", name="Masquer le message").click()
    answer.refresh_from_db()
    assert answer.hidden

    # The moderator still sees it, marked hidden.
    page.goto(thread.get_absolute_url())
    post_m = page.locator(f"#message-{answer.pk}")
    assert post_m.get_by_text(ANSWER).count() == 1
    assert post_m.locator(".post__hidden-marker").inner_text().strip() == "masqué"

    # The audit trail lists the action, who and why.
    page.goto("/discussions/moderation/journal/")
    entry = page.locator("tr.audit-entry", has_text="Message masqué")
    assert entry.count() == 1
    assert "Publicité d'un vendeur" in entry.inner_text()
    assert "Modération" in entry.inner_text()
    assert ModerationAction.objects.filter(kind="hide_post", post=answer).exists()

    # C sees the placeholder instead of the text.
    _sign_in(page, people["c"])
    page.goto(thread.get_absolute_url())
    assert page.get_by_text("Ce message a été masqué par la modération.").count() >= 1
    assert page.get_by_text(ANSWER).count() == 0


def test_new_thread_form_hints_at_similar_existing_thread(page, people):
    from forums import services

    services.create_thread(
        theme=people["theme"],
        author=people["b"],
        title="Transcription automatique des séances du conseil municipal",
        body="Quel outil de transcription des séances du conseil utilisez-vous?",
        enforce_rate_limits=False,
    )
    _sign_in(page, people["a"])
    page.goto(f"/discussions/themes/{people['theme'].slug}/nouveau/")

    page.get_by_label("Titre").press_sequentially(
        "Transcription des séances du conseil", delay=20
    )

    hint = page.locator("[data-similar-hint]")
    hint.wait_for(state="visible")
    assert "ressemblent à la vôtre" in hint.inner_text()
    assert hint.get_by_role("link", name="Transcription automatique").count() == 1
