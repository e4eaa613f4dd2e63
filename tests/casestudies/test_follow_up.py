import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from casestudies.followup import add_months, send_follow_up_reminders
from casestudies.models import CaseStudyPage, FollowUpReminder
from tests.factories import make_case_study


def _published_months_ago(months: int, **fields) -> CaseStudyPage:
    page = make_case_study(contact_email="chargee.projet@ville.exemple.qc.ca", **fields)
    moment = add_months(timezone.now(), -months) - datetime.timedelta(days=1)
    CaseStudyPage.objects.filter(pk=page.pk).update(
        first_published_at=moment, last_published_at=moment
    )
    page.refresh_from_db()
    return page


def test_follow_up_reminds_the_contact_six_months_after_publication(case_index):
    page = _published_months_ago(6, title="Détection des fuites d'eau")
    sent = send_follow_up_reminders()
    assert [(r.page.pk, r.months) for r in sent] == [(page.pk, 6)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chargee.projet@ville.exemple.qc.ca"]
    assert "Détection des fuites d'eau" in message.subject
    assert f"/admin/pages/{page.pk}/edit/" in message.body


def test_follow_up_never_sends_the_same_reminder_twice(case_index):
    _published_months_ago(7)
    send_follow_up_reminders()
    send_follow_up_reminders()
    assert len(mail.outbox) == 1
    assert FollowUpReminder.objects.count() == 1


def test_follow_up_sends_only_the_twelve_month_reminder_when_both_are_due(case_index):
    page = _published_months_ago(13)
    sent = send_follow_up_reminders()
    assert [(r.page.pk, r.months) for r in sent] == [(page.pk, 12)]
    assert len(mail.outbox) == 1


def test_follow_up_sends_twelve_months_after_the_six_month_reminder(case_index):
    page = _published_months_ago(7)
    send_follow_up_reminders()
    later = add_months(timezone.now(), 6)
    sent = send_follow_up_reminders(now=later)
    assert [(r.page.pk, r.months) for r in sent] == [(page.pk, 12)]
    assert len(mail.outbox) == 2


def test_follow_up_waits_after_a_recent_update(case_index):
    page = _published_months_ago(8)
    page.save_revision().publish()  # the contact updated the case today
    assert send_follow_up_reminders() == []
    assert mail.outbox == []


@pytest.mark.parametrize("change", ["no_contact", "unpublished"])
def test_follow_up_skips_cases_without_contact_or_not_live(case_index, change):
    page = _published_months_ago(7)
    if change == "no_contact":
        CaseStudyPage.objects.filter(pk=page.pk).update(contact_email="")
    else:
        page.unpublish()
    assert send_follow_up_reminders() == []
    assert mail.outbox == []


def test_follow_up_command_dry_run_sends_nothing(case_index, capsys):
    _published_months_ago(7, title="Optimisation du déneigement")
    call_command("send_follow_up_reminders", "--dry-run")
    assert "Optimisation du déneigement" in capsys.readouterr().out
    assert mail.outbox == []
    assert not FollowUpReminder.objects.exists()


def test_case_needs_update_after_eighteen_months_without_change(case_index):
    assert _published_months_ago(19).needs_update
    assert not _published_months_ago(17).needs_update


def test_add_months_keeps_the_end_of_month():
    moment = datetime.datetime(2026, 8, 31, 12, tzinfo=datetime.UTC)
    assert add_months(moment, 6) == datetime.datetime(
        2027, 2, 28, 12, tzinfo=datetime.UTC
    )
