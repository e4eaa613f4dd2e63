"""Follow and notify: subscriptions, in-app notifications, notification emails
and one-click unsubscribe links.

Posting services call the three hooks (`notify_new_thread`, `notify_new_reply`,
`notify_answer_accepted`) inside their transaction. The hooks create the in-app
notifications at once; emails follow each recipient's preference: `immediate`
enqueues one background task per notification after commit, `daily` waits for
the `send_notification_digests` command, `never` sends nothing.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cop.accounts.models import NotificationFrequency, Profile, User
from cop.accounts.roles import is_member, is_moderator
from cop.taxonomy.models import Theme
from forums.models import Notification, NotificationKind, Post, Subscription, Thread

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "forums.notifications.unsubscribe"
EXCERPT_LENGTH = 400
DIGEST_WINDOW = timedelta(days=1)


class FollowError(Exception):
    """A follow that cannot be applied; the message is shown to the member."""


class UnsubscribeScope(StrEnum):
    ALL = "all"
    THREAD = "thread"
    THEME = "theme"


@dataclass(frozen=True)
class UnsubscribeRequest:
    """What a signed unsubscribe token asks: whose emails, and which ones."""

    user_id: int
    scope: UnsubscribeScope
    target_id: int | None = None


class InvalidUnsubscribeToken(Exception):
    """The link was altered, truncated or names nobody we know."""


# --- Who may receive what ---------------------------------------------------------


def _profile_of(user: User) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def may_receive(user: User) -> bool:
    """Active, unsuspended members only: nobody else hears from discussions."""
    if not (user.is_active and is_member(user)):
        return False
    profile = _profile_of(user)
    return profile is None or profile.suspended_at is None


def frequency_of(user: User) -> str:
    profile = _profile_of(user)
    return (
        profile.notification_frequency if profile else NotificationFrequency.IMMEDIATE
    )


def _may_read(user: User, thread: Thread) -> bool:
    return Thread.objects.visible_to(user).filter(pk=thread.pk).exists()


def _post_is_visible(post: Post | None) -> bool:
    return post is None or (not post.hidden and post.deleted_at is None)


def _thread_is_visible(thread: Thread | None) -> bool:
    return thread is None or (not thread.hidden and thread.deleted_at is None)


def _theme_and_ancestors(theme: Theme) -> list[int]:
    """Following a theme includes its sub-themes."""
    ids: list[int] = []
    current: Theme | None = theme
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.parent
    return ids


# --- Follow -----------------------------------------------------------------------


def _check_member(user: User) -> None:
    if not is_member(user):
        raise FollowError(_("Seuls les membres peuvent suivre les discussions."))


@transaction.atomic
def follow_thread(*, user: User, thread: Thread) -> Subscription:
    """The member hears about every new reply in this thread."""
    _check_member(user)
    if not _may_read(user, thread):
        raise FollowError(_("Ce fil n'est pas accessible."))
    subscription, _created = Subscription.objects.get_or_create(
        user=user, thread=thread
    )
    return subscription


@transaction.atomic
def unfollow_thread(*, user: User, thread: Thread) -> None:
    Subscription.objects.filter(user=user, thread=thread).delete()


@transaction.atomic
def follow_theme(*, user: User, theme: Theme) -> Subscription:
    """The member hears about every new thread in this theme (and its sub-themes)."""
    _check_member(user)
    subscription, _created = Subscription.objects.get_or_create(user=user, theme=theme)
    return subscription


@transaction.atomic
def unfollow_theme(*, user: User, theme: Theme) -> None:
    Subscription.objects.filter(user=user, theme=theme).delete()


# --- Hooks called by the posting services ----------------------------------------


def _notify(
    *,
    recipients: Iterable[User],
    kind: str,
    thread: Thread,
    post: Post | None,
    actor: User | None,
) -> list[Notification]:
    created = []
    seen: set[int] = set()
    for recipient in recipients:
        if recipient.pk in seen or (actor is not None and recipient.pk == actor.pk):
            continue
        seen.add(recipient.pk)
        if not may_receive(recipient) or not _may_read(recipient, thread):
            continue
        notification = Notification.objects.create(
            recipient=recipient, kind=kind, thread=thread, post=post, actor=actor
        )
        created.append(notification)
        if frequency_of(recipient) == NotificationFrequency.IMMEDIATE:
            transaction.on_commit(partial(_enqueue_email, notification.pk), robust=True)
    return created


def _enqueue_email(notification_id: int) -> None:
    from forums.tasks import send_notification_email_task

    send_notification_email_task.enqueue(notification_id)


@transaction.atomic
def notify_new_thread(thread: Thread) -> list[Notification]:
    """Tell the followers of the thread's theme (or a parent theme) about it."""
    if not _thread_is_visible(thread):
        return []
    first_post = thread.posts.order_by("created_at", "pk").first()
    if not _post_is_visible(first_post):
        return []
    recipients = User.objects.filter(
        forum_subscriptions__theme_id__in=_theme_and_ancestors(thread.theme)
    ).select_related("profile")
    return _notify(
        recipients=recipients,
        kind=NotificationKind.NEW_THREAD,
        thread=thread,
        post=first_post,
        actor=thread.author,
    )


@transaction.atomic
def notify_new_reply(post: Post) -> list[Notification]:
    """Tell the thread's followers (but not the reply's author) about a reply."""
    thread = post.thread
    if not (_thread_is_visible(thread) and _post_is_visible(post)):
        return []
    recipients = User.objects.filter(forum_subscriptions__thread=thread).select_related(
        "profile"
    )
    return _notify(
        recipients=recipients,
        kind=NotificationKind.NEW_REPLY,
        thread=thread,
        post=post,
        actor=post.author,
    )


@transaction.atomic
def notify_answer_accepted(
    post: Post, *, actor: User | None = None
) -> list[Notification]:
    """Tell a reply's author that it was marked as the answer."""
    thread = post.thread
    actor = actor or thread.author
    if post.author is None or not (
        _thread_is_visible(thread) and _post_is_visible(post)
    ):
        return []
    return _notify(
        recipients=[post.author],
        kind=NotificationKind.ACCEPTED,
        thread=thread,
        post=post,
        actor=actor,
    )


# --- Reading and marking ------------------------------------------------------------


def notifications_for(user: User) -> QuerySet[Notification]:
    """A member's notifications about content they may still read."""
    queryset = Notification.objects.filter(recipient=user).filter(
        Q(thread__isnull=True) | Q(thread__in=Thread.objects.visible_to(user))
    )
    if not is_moderator(user):
        queryset = queryset.exclude(post__hidden=True).exclude(
            post__deleted_at__isnull=False
        )
    return queryset.select_related("thread__theme", "post", "actor__profile").order_by(
        "-created_at", "-pk"
    )


@transaction.atomic
def mark_notification_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Unsubscribe tokens -------------------------------------------------------------


def make_unsubscribe_token(
    *, user: User, scope: UnsubscribeScope, target_id: int | None = None
) -> str:
    """A signed token naming the recipient and what they stop receiving."""
    return signing.dumps(
        {"u": user.pk, "s": str(scope), "t": target_id}, salt=UNSUBSCRIBE_SALT
    )


def read_unsubscribe_token(token: str) -> UnsubscribeRequest:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        request = UnsubscribeRequest(
            user_id=int(data["u"]),
            scope=UnsubscribeScope(data["s"]),
            target_id=None if data.get("t") is None else int(data["t"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidUnsubscribeToken(str(error)) from error
    if request.scope != UnsubscribeScope.ALL and request.target_id is None:
        raise InvalidUnsubscribeToken("missing target")
    if not User.objects.filter(pk=request.user_id).exists():
        raise InvalidUnsubscribeToken("unknown user")
    return request


def unsubscribe_url(
    *, user: User, scope: UnsubscribeScope, target_id: int | None = None
) -> str:
    token = make_unsubscribe_token(user=user, scope=scope, target_id=target_id)
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("forums:unsubscribe", args=[token])
    return settings.SITE_URL + path


def describe_unsubscribe(request: UnsubscribeRequest) -> str:
    """What the confirmation page says the button will stop."""
    if request.scope == UnsubscribeScope.THREAD:
        thread = Thread.objects.filter(pk=request.target_id).first()
        if thread is not None:
            return _("les notifications du fil « %(title)s »") % {"title": thread.title}
        return _("les notifications de ce fil")
    if request.scope == UnsubscribeScope.THEME:
        theme = Theme.objects.filter(pk=request.target_id).first()
        if theme is not None:
            return _("les notifications des nouveaux fils du thème « %(theme)s »") % {
                "theme": theme
            }
        return _("les notifications de ce thème")
    return _("tous les courriels des discussions de Carrefour")


@transaction.atomic
def apply_unsubscribe(*, request: UnsubscribeRequest) -> User:
    """Stop what the token names, for the token's recipient only."""
    user = User.objects.get(pk=request.user_id)
    if request.scope == UnsubscribeScope.THREAD:
        Subscription.objects.filter(user=user, thread_id=request.target_id).delete()
    elif request.scope == UnsubscribeScope.THEME:
        Subscription.objects.filter(user=user, theme_id=request.target_id).delete()
    else:
        Profile.objects.get_or_create(user=user)
        Profile.objects.filter(user=user).update(
            notification_frequency=NotificationFrequency.NEVER
        )
    return user


# --- Emails -------------------------------------------------------------------------


def _display_name(user: User | None) -> str:
    if user is None:
        return _("Un membre")
    profile = _profile_of(user)
    if profile and profile.display_name:
        return profile.display_name
    return user.get_full_name() or _("Un membre")


def _excerpt(post: Post | None) -> str:
    if post is None:
        return ""
    return Truncator(" ".join(post.body_source.split())).chars(EXCERPT_LENGTH)


def _unsubscribe_for(notification: Notification) -> tuple[UnsubscribeScope, int | None]:
    """The narrowest subscription that caused this notification."""
    user = notification.recipient
    thread = notification.thread
    if notification.kind == NotificationKind.NEW_REPLY and thread is not None:
        return UnsubscribeScope.THREAD, thread.pk
    if notification.kind == NotificationKind.NEW_THREAD and thread is not None:
        theme_ids = _theme_and_ancestors(thread.theme)
        subscription = (
            Subscription.objects.filter(user=user, theme_id__in=theme_ids)
            .order_by("pk")
            .first()
        )
        if subscription is not None:
            return UnsubscribeScope.THEME, subscription.theme_id
    return UnsubscribeScope.ALL, None


def _item(notification: Notification) -> dict:
    post = notification.post
    thread = notification.thread
    target = post.get_absolute_url() if post else thread.get_absolute_url()
    return {
        "notification": notification,
        "kind": notification.kind,
        "thread": thread,
        "theme": thread.theme if thread else None,
        "actor_name": _display_name(notification.actor),
        "excerpt": _excerpt(post),
        "url": settings.SITE_URL + target,
    }


def _deliverable(notification: Notification) -> bool:
    recipient = notification.recipient
    return (
        may_receive(recipient)
        and _thread_is_visible(notification.thread)
        and _post_is_visible(notification.post)
        and (notification.thread is None or _may_read(recipient, notification.thread))
    )


def _send(
    *,
    user: User,
    template: str,
    context: dict,
    scope: UnsubscribeScope,
    target_id: int | None,
) -> None:
    """Send `forums/emails/<template>_{subject,message}.txt` (+ `.html`)."""
    specific = unsubscribe_url(user=user, scope=scope, target_id=target_id)
    everything = unsubscribe_url(user=user, scope=UnsubscribeScope.ALL)
    with translation.override(settings.LANGUAGE_CODE):
        full_context = {
            "user": user,
            "SITE_NAME": settings.WAGTAIL_SITE_NAME,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": specific,
            "unsubscribe_scope": str(scope),
            "unsubscribe_all_url": everything,
            "preferences_url": settings.SITE_URL + reverse("members:profile_edit"),
            **context,
        }
        subject = render_to_string(
            f"forums/emails/{template}_subject.txt", full_context
        )
        text = render_to_string(f"forums/emails/{template}_message.txt", full_context)
        html = render_to_string(f"forums/emails/{template}_message.html", full_context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            # RFC 8058: mail clients offer a one-click unsubscribe button that
            # POSTs "List-Unsubscribe=One-Click" to this URL.
            "List-Unsubscribe": f"<{specific}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _claim(notifications: Iterable[Notification]) -> list[int]:
    """Mark these as emailed unless another worker already did; returns the ids
    this worker now owns, so nothing is emailed twice."""
    now = timezone.now()
    claimed = []
    for notification in notifications:
        if Notification.objects.filter(
            pk=notification.pk, emailed_at__isnull=True
        ).update(emailed_at=now):
            claimed.append(notification.pk)
    return claimed


def _release(ids: list[int]) -> None:
    Notification.objects.filter(pk__in=ids).update(emailed_at=None)


def send_notification_email(*, notification_id: int) -> bool:
    """Email one notification now (immediate preference); False if it should
    not go out any more (already sent, hidden, preference changed…)."""
    notification = (
        Notification.objects.select_related(
            "recipient__profile", "thread__theme", "post", "actor__profile"
        )
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    recipient = notification.recipient
    if frequency_of(recipient) != NotificationFrequency.IMMEDIATE:
        return False
    if not _deliverable(notification) or not _claim([notification]):
        return False
    scope, target_id = _unsubscribe_for(notification)
    try:
        _send(
            user=recipient,
            template="notification",
            context={"item": _item(notification)},
            scope=scope,
            target_id=target_id,
        )
    except (smtplib.SMTPException, OSError):
        logger.exception(
            "Notification email %s to user %s failed", notification.pk, recipient.pk
        )
        _release([notification.pk])
        return False
    return True


def pending_digest_recipients(*, now=None) -> QuerySet[User]:
    """Members on the daily digest with unemailed notifications of the last day."""
    now = now or timezone.now()
    return (
        User.objects.filter(
            is_active=True,
            profile__notification_frequency=NotificationFrequency.DAILY,
            profile__suspended_at__isnull=True,
            notifications__emailed_at__isnull=True,
            notifications__created_at__gte=now - DIGEST_WINDOW,
        )
        .distinct()
        .select_related("profile")
        .order_by("pk")
    )


def send_digest(*, user: User, now=None) -> int:
    """One email with all of a member's unemailed notifications of the last
    day; returns how many it listed (0: nothing sent)."""
    now = now or timezone.now()
    if not may_receive(user) or frequency_of(user) != NotificationFrequency.DAILY:
        return 0
    pending = [
        notification
        for notification in Notification.objects.filter(
            recipient=user,
            emailed_at__isnull=True,
            created_at__gte=now - DIGEST_WINDOW,
        )
        .select_related("recipient", "thread__theme", "post", "actor__profile")
        .order_by("created_at", "pk")
        if _deliverable(notification)
    ]
    claimed = set(_claim(pending))
    items = [_item(n) for n in pending if n.pk in claimed]
    if not items:
        return 0
    try:
        _send(
            user=user,
            template="digest",
            context={"items": items, "count": len(items)},
            scope=UnsubscribeScope.ALL,
            target_id=None,
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("Notification digest to user %s failed", user.pk)
        _release(list(claimed))
        return 0
    return len(items)


def send_notification_digests(
    *, now=None, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Send every pending daily digest; returns (emails sent, notifications listed).

    Idempotent: what was emailed is marked, so a second run sends nothing.
    """
    now = now or timezone.now()
    recipients = list(pending_digest_recipients(now=now))
    emails = listed = 0
    for done, user in enumerate(recipients, start=1):
        count = send_digest(user=user, now=now)
        if count:
            emails += 1
            listed += count
        if progress:
            progress(done, len(recipients))
    return emails, listed
