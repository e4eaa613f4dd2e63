"""Per-member posting limits, kept in Django's default cache.

The default cache is the database cache shared by every process, so a limit
holds across workers. Each member has a sliding window of recent posting times
per action; moderators are exempt. Members who joined in the last
`NEW_MEMBER_DAYS` days get stricter limits: most spam comes from fresh accounts.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cop.accounts.roles import is_moderator

NEW_MEMBER_DAYS = 7
HOUR = 60 * 60
DAY = 24 * HOUR

THREAD = "thread"
POST = "post"


@dataclass(frozen=True)
class Limit:
    """At most `count` actions in any `window` seconds."""

    count: int
    window: int


# action -> (limit for new members, limit for established members)
LIMITS: dict[str, tuple[Limit, Limit]] = {
    THREAD: (Limit(3, DAY), Limit(10, DAY)),
    POST: (Limit(10, HOUR), Limit(60, HOUR)),
}


class RateLimited(Exception):
    """A member reached a posting limit; `message` says when to come back."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def is_new_member(user) -> bool:
    joined = getattr(user, "date_joined", None)
    return bool(joined) and timezone.now() - joined < datetime.timedelta(
        days=NEW_MEMBER_DAYS
    )


def limit_for(*, user, action: str) -> Limit:
    new, established = LIMITS[action]
    return new if is_new_member(user) else established


def _key(user, action: str) -> str:
    return f"forums:ratelimit:{action}:{user.pk}"


def _recent(user, action: str, window: int, now: float) -> list[float]:
    return [t for t in cache.get(_key(user, action), []) if t > now - window]


def _message(*, action: str, limit: Limit, new: bool, retry_at: float) -> str:
    when = timezone.localtime(
        datetime.datetime.fromtimestamp(retry_at, tz=datetime.UTC)
    )
    if action == THREAD:
        what = ngettext(
            "%(count)d nouveau fil par jour",
            "%(count)d nouveaux fils par jour",
            limit.count,
        ) % {"count": limit.count}
    else:
        what = ngettext(
            "%(count)d message par heure",
            "%(count)d messages par heure",
            limit.count,
        ) % {"count": limit.count}
    if new:
        reason = _(
            "Vous avez atteint la limite de %(what)s prévue pour les nouveaux "
            "membres (pendant vos %(days)d premiers jours)."
        ) % {"what": what, "days": NEW_MEMBER_DAYS}
    else:
        reason = _("Vous avez atteint la limite de %(what)s.") % {"what": what}
    return _(
        "%(reason)s Vous pourrez publier de nouveau à %(time)s (dans %(delay)s). "
        "Votre texte est conservé ci-dessous."
    ) % {
        "reason": reason,
        "time": time_format(when, "H \\h i"),
        "delay": timeuntil(when),
    }


def check_rate_limit(*, user, action: str) -> None:
    """Raise RateLimited if `user` may not do `action` now (moderators never)."""
    if is_moderator(user):
        return
    limit = limit_for(user=user, action=action)
    now = time.time()
    recent = _recent(user, action, limit.window, now)
    if len(recent) >= limit.count:
        retry_at = min(recent) + limit.window
        raise RateLimited(
            _message(
                action=action,
                limit=limit,
                new=is_new_member(user),
                retry_at=retry_at,
            ),
            retry_after=max(1, int(retry_at - now)),
        )


def record_action(*, user, action: str) -> None:
    """Count one successful `action` by `user` in their window."""
    if is_moderator(user):
        return
    limit = limit_for(user=user, action=action)
    now = time.time()
    recent = [*_recent(user, action, limit.window, now), now]
    cache.set(_key(user, action), recent, timeout=limit.window)
