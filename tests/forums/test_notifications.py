"""Follow and notify: in-app notifications, emails per preference, the digest."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cop.accounts.models import Profile
from forums import services
from forums.models import Notification, NotificationKind, Subscription
from forums.notifications import (
    follow_theme,
    follow_thread,
    notify_answer_accepted,
    notify_new_reply,
    notify_new_thread,
)
from tests.factories import ThemeFactory, UserFactory, give_profile, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(db, municipality_a):
    user = UserFactory(email="abonnee@ville.exemple.qc.ca", groups=["Members"])
    give_profile(user, municipality=municipality_a, display_name="Chloé Abonnée")
    return user


def _set_frequency(user, frequency: str) -> None:
    Profile.objects.filter(user=user).update(notification_frequency=frequency)
    user.refresh_from_db()


def _new_thread(theme, author, capture, **kwargs):
    with capture(execute=True):
        return services.create_thread(
            theme=theme,
            author=author,
            title=kwargs.pop("title", "Quel outil pour la transcription des séances?"),
            body=kwargs.pop("body", "Nous comparons trois outils de transcription."),
            enforce_rate_limits=False,
            **kwargs,
        )


def test_new_thread_notifies_and_emails_theme_follower_when_immediate(
    theme, member, follower, django_capture_on_commit_callbacks
):
    follow_theme(user=follower, theme=theme)

    thread = _new_thread(theme, member, django_capture_on_commit_callbacks)

    notification = Notification.objects.get(recipient=follower)
    assert notification.kind == NotificationKind.NEW_THREAD
    assert notification.thread == thread
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [follower.email]
    assert thread.title in email.subject
    assert "Nous comparons trois outils" in email.body
    assert "http" in email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = email.alternatives[0][0]
    assert "/desabonnement/" in html


def test_new_thread_sends_no_email_when_preference_is_never(
    theme, member, follower, django_capture_on_commit_callbacks
):
    _set_frequency(follower, "never")
    follow_theme(user=follower, theme=theme)

    _new_thread(theme, member, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=follower).count() == 1
    assert mail.outbox == []


def test_new_thread_waits_for_digest_when_preference_is_daily(
    theme, member, follower, django_capture_on_commit_callbacks
):
    _set_frequency(follower, "daily")
    follow_theme(user=follower, theme=theme)

    thread = _new_thread(theme, member, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    output = StringIO()
    call_command("send_notification_digests", stdout=output)
    assert "1 digest email(s) sent, 1 notification(s) listed." in output.getvalue()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [follower.email]
    assert thread.title in mail.outbox[0].body
    assert Notification.objects.get(recipient=follower).emailed_at is not None


def test_digest_is_idempotent_and_groups_notifications_in_one_email(
    theme, member, follower, django_capture_on_commit_callbacks
):
    _set_frequency(follower, "daily")
    follow_theme(user=follower, theme=theme)
    _new_thread(theme, member, django_capture_on_commit_callbacks, title="Premier fil")
    _new_thread(theme, member, django_capture_on_commit_callbacks, title="Deuxième fil")

    call_command("send_notification_digests", stdout=StringIO())
    call_command("send_notification_digests", stdout=StringIO())

    assert len(mail.outbox) == 1
    assert "Premier fil" in mail.outbox[0].body
    assert "Deuxième fil" in mail.outbox[0].body


def test_digest_leaves_out_notifications_older_than_a_day(theme, member, follower):
    _set_frequency(follower, "daily")
    thread = services.create_thread(
        theme=theme,
        author=member,
        title="Un vieux fil",
        body="Texte.",
        enforce_rate_limits=False,
    )
    Notification.objects.create(
        recipient=follower,
        kind=NotificationKind.NEW_THREAD,
        thread=thread,
        created_at=timezone.now() - datetime.timedelta(days=2),
    )

    call_command("send_notification_digests", stdout=StringIO())

    assert mail.outbox == []


def test_new_thread_does_not_notify_its_author(
    theme, member, django_capture_on_commit_callbacks
):
    follow_theme(user=member, theme=theme)

    _new_thread(theme, member, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(recipient=member).exists()
    assert mail.outbox == []


def test_new_thread_notifies_follower_of_parent_theme(
    member, follower, django_capture_on_commit_callbacks
):
    parent = ThemeFactory(slug="ia", name_fr="Intelligence artificielle")
    child = ThemeFactory(slug="ia-transcription", name_fr="IA et transcription")
    child.parent = parent
    child.save()
    follow_theme(user=follower, theme=parent)

    _new_thread(child, member, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=follower).count() == 1


def test_new_thread_notifies_nobody_who_is_suspended_or_inactive(
    theme, member, follower, member_b, django_capture_on_commit_callbacks
):
    follow_theme(user=follower, theme=theme)
    follow_theme(user=member_b, theme=theme)
    Profile.objects.filter(user=follower).update(suspended_at=timezone.now())
    member_b.is_active = False
    member_b.save()

    _new_thread(theme, member, django_capture_on_commit_callbacks)

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_hidden_thread_notifies_nobody(theme, member, follower):
    follow_theme(user=follower, theme=theme)
    thread = services.create_thread(
        theme=theme,
        author=member,
        title="Titre",
        body="Texte",
        enforce_rate_limits=False,
    )
    thread.hidden = True
    thread.save()

    assert notify_new_thread(thread) == []


def test_email_is_not_sent_when_post_is_hidden_before_the_task_runs(
    theme, member, follower, thread, django_capture_on_commit_callbacks
):
    """A queued email re-checks the post when it runs."""
    follow_thread(user=follower, thread=thread)
    post = make_post(thread=thread, author=member)
    notifications = notify_new_reply(post)  # email queued on commit
    post.hidden = True
    post.save()
    from forums.tasks import send_notification_email_task

    send_notification_email_task.enqueue(notifications[0].pk)

    assert mail.outbox == []


def test_reply_notifies_thread_followers_but_not_its_author(
    thread, member, member_b, follower, django_capture_on_commit_callbacks
):
    follow_thread(user=follower, thread=thread)
    follow_thread(user=member, thread=thread)

    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            thread=thread,
            author=member_b,
            body="Nous avons essayé un outil québécois.",
            enforce_rate_limits=False,
        )

    recipients = set(
        Notification.objects.filter(kind=NotificationKind.NEW_REPLY).values_list(
            "recipient__email", flat=True
        )
    )
    assert recipients == {follower.email, member.email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(recipients)
    assert Subscription.objects.filter(user=member_b, thread=thread).exists()


def test_accepted_answer_notifies_the_answer_author(thread, member, member_b):
    post = make_post(thread=thread, author=member_b)

    notifications = notify_answer_accepted(post)

    assert [n.recipient for n in notifications] == [member_b]
    assert notifications[0].kind == NotificationKind.ACCEPTED
    assert notifications[0].actor == member


def test_follow_thread_button_toggles_subscription(client, thread, member_b):
    client.force_login(member_b)
    url = reverse("forums:follow_thread", args=[thread.pk])

    client.post(url, {"follow": "1"})
    assert Subscription.objects.filter(user=member_b, thread=thread).exists()
    client.post(url, {"follow": "0"})
    assert not Subscription.objects.filter(user=member_b, thread=thread).exists()


def test_follow_theme_button_shows_current_state(client, theme, member_b):
    client.force_login(member_b)

    response = client.post(
        reverse("forums:follow_theme", args=[theme.slug]), {"follow": "1"}, follow=True
    )

    assert Subscription.objects.filter(user=member_b, theme=theme).exists()
    assert "Ne plus suivre" in response.content.decode()


def test_follow_thread_refuses_accounts_without_a_role(client, thread):
    waiting = UserFactory(email="attente@exemple.com")
    give_profile(waiting, approval_status="pending")
    client.force_login(waiting)

    response = client.post(reverse("forums:follow_thread", args=[thread.pk]))

    assert response.status_code == 403
    assert not Subscription.objects.filter(user=waiting).exists()


def test_notification_page_lists_unread_and_marks_read_on_open(
    client, thread, member, member_b
):
    follow_thread(user=member, thread=thread)
    post = make_post(thread=thread, author=member_b)
    notification = notify_new_reply(post)[0]
    client.force_login(member)

    page = client.get(reverse("forums:notifications"))
    assert "notification--unread" in page.content.decode()
    assert "Notifications (1)" in page.content.decode()

    response = client.get(reverse("forums:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#message-{post.pk}")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_clears_the_unread_count(client, thread, member, member_b):
    follow_thread(user=member, thread=thread)
    notify_new_reply(make_post(thread=thread, author=member_b))
    notify_new_reply(make_post(thread=thread, author=member_b))
    assert Notification.objects.filter(recipient=member, read_at=None).count() == 2
    client.force_login(member)

    client.post(reverse("forums:notifications_mark_all_read"))

    assert not Notification.objects.filter(recipient=member, read_at=None).exists()


def test_notification_open_refuses_someone_elses_notification(
    client, thread, member, member_b
):
    follow_thread(user=member, thread=thread)
    notification = notify_new_reply(make_post(thread=thread, author=member_b))[0]
    client.force_login(member_b)

    response = client.get(reverse("forums:notification_open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_notification_email_escapes_hostile_titles_in_html(
    theme, member, follower, django_capture_on_commit_callbacks
):
    follow_theme(user=follower, theme=theme)

    _new_thread(
        theme,
        member,
        django_capture_on_commit_callbacks,
        title='<img src=x onerror="alert(1)"> Outils',
    )

    html = mail.outbox[0].alternatives[0][0]
    assert "<img" not in html
    assert "&lt;img" in html


def test_header_unread_count_leaves_out_hidden_posts(
    client, thread, member, member_b, moderator
):
    from forums.moderation import hide_post

    follow_thread(user=member, thread=thread)
    post = make_post(thread=thread, author=member_b)
    notify_new_reply(post)
    client.force_login(member)
    assert (
        "Notifications (1)"
        in client.get(reverse("forums:notifications")).content.decode()
    )

    hide_post(post=post, moderator=moderator, reason="Injurieux")

    page = client.get(reverse("forums:notifications")).content.decode()
    assert "Notifications (1)" not in page
    assert "Aucune notification" in page
