"""Template helpers for follow buttons, moderation controls and the header's
unread notification count."""

from __future__ import annotations

from django import template

from cop.accounts.roles import is_member, is_moderator
from cop.taxonomy.models import Theme
from forums.models import ModerationActionKind, ReportReason, Subscription, Thread
from forums.notifications import notifications_for

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    """How many unread notifications a signed-in member has (0 for others)."""
    if not is_member(user):
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()


@register.simple_tag
def forum_roles(user) -> dict[str, bool]:
    """What the controls may offer this user: member actions, moderator actions."""
    return {"member": is_member(user), "moderator": is_moderator(user)}


@register.simple_tag
def follows_thread(user, thread: Thread) -> bool:
    if not is_member(user):
        return False
    return Subscription.objects.filter(user=user, thread=thread).exists()


@register.simple_tag
def follows_theme(user, theme: Theme) -> bool:
    if not is_member(user):
        return False
    return Subscription.objects.filter(user=user, theme=theme).exists()


@register.simple_tag
def report_reasons() -> list[tuple[str, str]]:
    return list(ReportReason.choices)


@register.simple_tag
def moderation_kinds() -> list[tuple[str, str]]:
    return list(ModerationActionKind.choices)


@register.simple_tag
def move_targets(thread: Thread) -> list[Theme]:
    """Themes a moderator may move this thread to (every other theme)."""
    return list(Theme.objects.exclude(pk=thread.theme_id).order_by("name_fr"))
