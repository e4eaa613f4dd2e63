"""Members report posts; reports land in the moderators' queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums.models import Report, ReportStatus
from forums.moderation import ModerationError, report_post
from tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(thread, member_b):
    return make_post(
        thread=thread, author=member_b, body="Achetez nos montres à rabais!"
    )


def test_report_post_view_files_a_report_and_thanks_the_member(client, member, reply):
    client.force_login(member)

    response = client.post(
        reverse("forums:report_post", args=[reply.pk]),
        {"reason": "spam", "details": "Publicité sans rapport."},
        follow=True,
    )

    report = Report.objects.get()
    assert (report.post, report.reporter, report.reason) == (reply, member, "spam")
    assert report.details == "Publicité sans rapport."
    assert report.status == ReportStatus.OPEN
    assert "Merci" in response.content.decode()


def test_report_post_twice_shows_friendly_message_and_keeps_one_report(
    client, member, reply
):
    client.force_login(member)
    url = reverse("forums:report_post", args=[reply.pk])
    client.post(url, {"reason": "spam"})

    response = client.post(url, {"reason": "abuse", "details": "Encore!"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "déjà signalé" in content
    assert "Encore!" in content  # what the member typed is not lost
    assert Report.objects.count() == 1


def test_report_post_without_reason_is_refused_with_french_message(
    client, member, reply
):
    client.force_login(member)

    response = client.post(
        reverse("forums:report_post", args=[reply.pk]), {"details": "Voir ce message"}
    )

    assert response.status_code == 400
    assert "Choisissez le motif du signalement." in response.content.decode()
    assert "Voir ce message" in response.content.decode()
    assert not Report.objects.exists()


def test_report_post_refuses_own_post(member, thread):
    own = make_post(thread=thread, author=member)

    with pytest.raises(ModerationError):
        report_post(post=own, reporter=member, reason="spam")


def test_report_post_sends_visitor_to_sign_in(client, reply):
    response = client.post(
        reverse("forums:report_post", args=[reply.pk]), {"reason": "spam"}
    )

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Report.objects.exists()


def test_report_post_refuses_get(client, member, reply):
    client.force_login(member)

    response = client.get(reverse("forums:report_post", args=[reply.pk]))

    assert response.status_code == 405


def test_reports_land_in_moderation_queue_grouped_by_post(
    client, member, member_b, moderator, thread, reply
):
    other = make_post(thread=thread, author=member)
    report_post(post=reply, reporter=member, reason="spam", details="Pub")
    report_post(post=reply, reporter=moderator, reason="off_topic")
    report_post(post=other, reporter=member_b, reason="abuse")
    client.force_login(moderator)

    response = client.get(reverse("forums:moderation_queue"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Achetez nos montres" in content
    assert "2 signalements" in content
    assert "Pourriel ou publicité" in content
    assert "Hors sujet" in content
    assert "Propos injurieux" in content
    assert thread.get_absolute_url() in content


def test_moderation_queue_shows_empty_state(client, moderator):
    client.force_login(moderator)

    response = client.get(reverse("forums:moderation_queue"))

    assert "Aucun signalement à traiter" in response.content.decode()


@pytest.mark.parametrize("role", ["member", "contributor"])
def test_moderation_queue_is_refused_to_non_moderators(request, client, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("forums:moderation_queue"))

    assert response.status_code == 403


def test_dismiss_reports_closes_open_reports(client, member, moderator, reply):
    report_post(post=reply, reporter=member, reason="spam")
    client.force_login(moderator)

    client.post(
        reverse("forums:dismiss_reports", args=[reply.pk]),
        {"reason": "C'est une vraie recommandation."},
    )

    report = Report.objects.get()
    assert report.status == ReportStatus.DISMISSED
    assert report.handled_by == moderator
    assert (
        "Achetez" not in client.get(reverse("forums:moderation_queue")).content.decode()
    )
