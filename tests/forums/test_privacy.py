"""Law 25 for the discussions: a member's export holds what they did in the
forums, and nothing of others; deleting the account erases their marks, follows
and notifications and keeps what they wrote for the community."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cop.accounts.privacy import delete_account, export_member_data
from forums import moderation, notifications, services
from forums.models import Notification, Post, Reaction, Report, Subscription
from tests.factories import UserFactory, give_profile, make_post, make_thread
from tests.forums.conftest import ESTABLISHED


@pytest.fixture
def author(db, municipality_a):
    user = UserFactory(
        email="camille@ville.exemple.qc.ca",
        groups=["Members"],
        date_joined=ESTABLISHED,
    )
    give_profile(user, municipality=municipality_a, display_name="Camille R.")
    return user


@pytest.fixture
def discussion(db, theme, author, member_b):
    """Camille asks, Béatrice answers; Camille marks it useful, follows the
    thread, reports another message and gets a notification."""
    thread = make_thread(
        theme=theme, author=author, title="Transcrire les séances du conseil"
    )
    answer = make_post(thread=thread, author=member_b, body="Nous avons essayé X.")
    mine = make_post(thread=thread, author=author, body="Merci, **très utile**.")
    services.toggle_reaction(post=answer, user=author)
    services.toggle_reaction(post=mine, user=member_b)
    notifications.follow_thread(user=author, thread=thread)
    other = make_post(thread=thread, author=member_b, body="Publicité déguisée")
    moderation.report_post(
        post=other, reporter=author, reason="spam", details="Lien commercial"
    )
    Notification.objects.create(
        recipient=author, kind="new_reply", thread=thread, post=answer, actor=member_b
    )
    Notification.objects.create(
        recipient=member_b, kind="new_reply", thread=thread, post=mine, actor=author
    )
    return {"thread": thread, "answer": answer, "mine": mine, "other": other}


def test_export_holds_their_threads_posts_marks_follows_notifications_and_reports(
    author, discussion
):
    data = export_member_data(user=author)["discussions"]

    assert [t["title"] for t in data["threads"]] == [
        "Transcrire les séances du conseil"
    ]
    assert sorted(p["body_markdown"] for p in data["posts"]) == [
        "Merci, **très utile**.",
        "Nous cherchons un outil pour transcrire les séances du conseil.",
    ]
    assert [m["post"] for m in data["useful_marks"]] == [discussion["answer"].pk]
    assert [f["thread"]["id"] for f in data["follows"]] == [discussion["thread"].pk]
    assert [n["kind"] for n in data["notifications"]] == ["new_reply"]
    assert [(r["reason"], r["details"]) for r in data["reports_filed"]] == [
        ("spam", "Lien commercial")
    ]


def test_export_of_discussions_says_nothing_of_the_other_member(
    client, author, member_b, discussion
):
    client.force_login(author)
    text = client.get(reverse("members:export_data")).content.decode()
    data = json.loads(text)

    assert "Nous avons essayé X." not in text
    assert member_b.email not in text
    assert "Béatrice" not in text
    assert data["discussions"]["posts"]


def test_deletion_erases_marks_follows_notifications_and_keeps_what_they_wrote(
    author, member_b, discussion
):
    delete_account(user=author)

    assert not Reaction.objects.filter(user=author).exists()
    assert not Subscription.objects.filter(user=author).exists()
    assert not Notification.objects.filter(recipient=author).exists()
    # Béatrice's notification no longer says who replied.
    assert Notification.objects.get(recipient=member_b).actor is None
    # The report stays for the moderators, without the reporter.
    report = Report.objects.get(post=discussion["other"])
    assert report.reporter is None
    assert report.details == "Lien commercial"
    # What they wrote stays for the community, and counters agree.
    mine = Post.objects.get(pk=discussion["mine"].pk)
    assert mine.body_source == "Merci, **très utile**."
    assert mine.reaction_count == 1
    assert Post.objects.get(pk=discussion["answer"].pk).reaction_count == 0
    assert author.profile.display_name == "Ancien membre"


def test_privacy_page_says_what_the_discussions_keep_and_erase(client, db):
    html = client.get(reverse("members:privacy")).content.decode()
    assert "Vos discussions" in html
    assert "vos signalements restent pour les modérateurs" in html
