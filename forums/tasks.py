"""Background tasks of the discussions: notification emails.

Tasks receive ids, never model instances, and re-check everything when they
run: a post hidden or a preference changed in the meantime sends nothing.
"""

from __future__ import annotations

from django_tasks import task

from forums.notifications import send_notification_email


@task()
def send_notification_email_task(notification_id: int) -> bool:
    """Email one notification to a member whose preference is « immédiatement »."""
    return send_notification_email(notification_id=notification_id)
