"""Reminding a case's contact to update its results, 6 and 12 months on."""

from __future__ import annotations

import calendar
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from casestudies.models import CaseStudyPage, FollowUpReminder

logger = logging.getLogger(__name__)

MILESTONES = (6, 12)


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class DueReminder:
    page: CaseStudyPage
    months: int
    anchor: datetime.datetime


def due_reminders(*, now: datetime.datetime | None = None) -> list[DueReminder]:
    """The latest milestone reached since each live case's last update, if unsent."""
    now = now or timezone.now()
    pages = (
        CaseStudyPage.objects.live()
        .exclude(contact_email="")
        .exclude(last_published_at__isnull=True)
        .prefetch_related("follow_up_reminders")
    )
    due = []
    for page in pages:
        anchor = page.last_published_at
        reached = [m for m in MILESTONES if add_months(anchor, m) <= now]
        if not reached:
            continue
        sent = {(r.months, r.anchor) for r in page.follow_up_reminders.all()}
        months = max(reached)
        if any((m, anchor) in sent for m in MILESTONES if m >= months):
            continue
        due.append(DueReminder(page=page, months=months, anchor=anchor))
    return due


def send_follow_up_reminders(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> list[DueReminder]:
    """Email each due reminder once; a run interrupted halfway never double-sends."""
    sent = []
    for reminder in due_reminders(now=now):
        if dry_run:
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                FollowUpReminder.objects.create(
                    page=reminder.page, months=reminder.months, anchor=reminder.anchor
                )
                _send(reminder)
        except IntegrityError:
            logger.info("Reminder already sent for page %s", reminder.page.pk)
            continue
        sent.append(reminder)
    return sent


def _send(reminder: DueReminder) -> None:
    page = reminder.page
    language = "en" if page.language == "en" else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "page": page,
            "months": reminder.months,
            "page_url": settings.SITE_URL + page.url if page.url else settings.SITE_URL,
            "edit_url": settings.SITE_URL
            + reverse("wagtailadmin_pages:edit", args=[page.pk]),
        }
        subject = render_to_string("casestudies/emails/follow_up_subject.txt", context)
        body = render_to_string("casestudies/emails/follow_up_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [page.contact_email],
    )
