"""Reports and moderation: members flag posts; moderators hide, lock, pin, move
and suspend. Every moderator action writes one `ModerationAction` (the audit
trail) in the same transaction as the change it records.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.accounts.models import User
from cop.accounts.roles import is_member, is_moderator, may_manage
from cop.accounts.services import AccountActionError, suspend_member
from cop.taxonomy.models import Theme
from forums.models import (
    ModerationAction,
    ModerationActionKind,
    Post,
    Report,
    ReportReason,
    ReportStatus,
    Thread,
)
from search.indexing import schedule_index_update

MAX_REASON_LENGTH = 1000


class ModerationError(Exception):
    """An action that cannot be applied; the message is shown as is (French)."""


# --- Helpers -------------------------------------------------------------------------


def _check_moderator(user: User) -> None:
    if not is_moderator(user):
        raise ModerationError(
            _("Seule l'équipe de modération peut prendre cette décision.")
        )


def _clean_reason(reason: str, *, required: bool, message: str | None = None) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ModerationError(message or _("Indiquez le motif de cette décision."))
    if len(reason) > MAX_REASON_LENGTH:
        raise ModerationError(
            _("Le motif est trop long : %(max)d caractères au plus.")
            % {"max": MAX_REASON_LENGTH}
        )
    return reason


def _record(
    *,
    kind: str,
    moderator: User,
    reason: str = "",
    thread: Thread | None = None,
    post: Post | None = None,
    target_user: User | None = None,
    details: dict | None = None,
) -> ModerationAction:
    return ModerationAction.objects.create(
        actor=moderator,
        kind=kind,
        thread=thread,
        post=post,
        target_user=target_user,
        reason=reason,
        details=details or {},
    )


def _reindex_after_commit(thread: Thread) -> None:
    """Search must see the change: bump the version, re-index once committed."""
    Thread.objects.filter(pk=thread.pk).update(search_version=F("search_version") + 1)
    thread.refresh_from_db(fields=["search_version"])
    schedule_index_update(thread)  # applied once the transaction commits


def _locked_thread(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread.pk)


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("thread").get(pk=post.pk)


def _resolve_open_reports(*, post: Post, moderator: User, status: str) -> int:
    return Report.objects.filter(post=post, status=ReportStatus.OPEN).update(
        status=status, handled_by=moderator, handled_at=timezone.now()
    )


# --- Reports -------------------------------------------------------------------------


@transaction.atomic
def report_post(
    *, post: Post, reporter: User, reason: str, details: str = ""
) -> Report:
    """A member flags a post for the moderators; one open report per member."""
    if not is_member(reporter):
        raise ModerationError(_("Seuls les membres peuvent signaler un message."))
    if reason not in ReportReason.values:
        raise ModerationError(_("Choisissez le motif du signalement."))
    details = (details or "").strip()
    if len(details) > MAX_REASON_LENGTH:
        raise ModerationError(
            _("Les précisions sont trop longues : %(max)d caractères au plus.")
            % {"max": MAX_REASON_LENGTH}
        )
    if post.author_id == reporter.pk:
        raise ModerationError(_("Vous ne pouvez pas signaler votre propre message."))
    if post.hidden or post.deleted_at is not None:
        raise ModerationError(_("Ce message a déjà été retiré par la modération."))
    if not Thread.objects.visible_to(reporter).filter(pk=post.thread_id).exists():
        raise ModerationError(_("Ce fil n'est pas accessible."))
    if Report.objects.filter(
        post=post, reporter=reporter, status=ReportStatus.OPEN
    ).exists():
        raise ModerationError(
            _(
                "Vous avez déjà signalé ce message : l'équipe de modération "
                "va l'examiner. Merci!"
            )
        )
    try:
        with transaction.atomic():
            return Report.objects.create(
                post=post, reporter=reporter, reason=reason, details=details
            )
    except IntegrityError as error:  # a double click raced the check above
        raise ModerationError(
            _(
                "Vous avez déjà signalé ce message : l'équipe de modération "
                "va l'examiner."
            )
        ) from error


def reported_posts() -> QuerySet[Post]:
    """Posts with open reports, most reported first, with those reports."""
    open_reports = Report.objects.filter(status=ReportStatus.OPEN).select_related(
        "reporter__profile"
    )
    return (
        Post.objects.filter(reports__status=ReportStatus.OPEN)
        .annotate(open_report_count=Count("reports", distinct=True))
        .select_related("thread__theme", "author__profile")
        .prefetch_related(
            Prefetch("reports", queryset=open_reports, to_attr="open_reports")
        )
        .order_by("-open_report_count", "pk")
    )


@transaction.atomic
def dismiss_reports(*, post: Post, moderator: User, reason: str = "") -> int:
    """The moderator finds nothing wrong: the post's open reports are closed."""
    _check_moderator(moderator)
    reason = _clean_reason(reason, required=False)
    count = _resolve_open_reports(
        post=post, moderator=moderator, status=ReportStatus.DISMISSED
    )
    if not count:
        raise ModerationError(_("Ce message n'a aucun signalement à traiter."))
    _record(
        kind=ModerationActionKind.DISMISS_REPORT,
        moderator=moderator,
        reason=reason,
        thread=post.thread,
        post=post,
        target_user=post.author,
        details={"reports": count},
    )
    return count


# --- Posts ---------------------------------------------------------------------------


@transaction.atomic
def hide_post(*, post: Post, moderator: User, reason: str) -> Post:
    """Members see a placeholder instead; moderators still see the post.
    Its open reports are resolved."""
    _check_moderator(moderator)
    reason = _clean_reason(
        reason, required=True, message=_("Indiquez pourquoi vous masquez ce message.")
    )
    post = _locked_post(post)
    if post.hidden:
        raise ModerationError(_("Ce message est déjà masqué."))
    post.hidden = True
    post.save(update_fields=["hidden"])
    resolved = _resolve_open_reports(
        post=post, moderator=moderator, status=ReportStatus.RESOLVED
    )
    _record(
        kind=ModerationActionKind.HIDE_POST,
        moderator=moderator,
        reason=reason,
        thread=post.thread,
        post=post,
        target_user=post.author,
        details={"reports_resolved": resolved},
    )
    _reindex_after_commit(post.thread)
    return post


@transaction.atomic
def unhide_post(*, post: Post, moderator: User, reason: str = "") -> Post:
    _check_moderator(moderator)
    reason = _clean_reason(reason, required=False)
    post = _locked_post(post)
    if not post.hidden:
        raise ModerationError(_("Ce message n'est pas masqué."))
    post.hidden = False
    post.save(update_fields=["hidden"])
    _record(
        kind=ModerationActionKind.UNHIDE_POST,
        moderator=moderator,
        reason=reason,
        thread=post.thread,
        post=post,
        target_user=post.author,
    )
    _reindex_after_commit(post.thread)
    return post


# --- Threads -------------------------------------------------------------------------


def _set_thread_flag(
    *,
    thread: Thread,
    moderator: User,
    reason: str,
    field: str,
    value: bool,
    kind: str,
    already: str,
    reason_required: str = "",
    reindex: bool = False,
) -> Thread:
    _check_moderator(moderator)
    reason = _clean_reason(
        reason, required=bool(reason_required), message=reason_required or None
    )
    thread = _locked_thread(thread)
    if getattr(thread, field) == value:
        raise ModerationError(already)
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    _record(
        kind=kind,
        moderator=moderator,
        reason=reason,
        thread=thread,
        target_user=thread.author,
    )
    if reindex:
        _reindex_after_commit(thread)
    return thread


@transaction.atomic
def lock_thread(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    """Nobody can reply any more; the thread stays readable."""
    return _set_thread_flag(
        thread=thread,
        moderator=moderator,
        reason=reason,
        field="locked",
        value=True,
        kind=ModerationActionKind.LOCK_THREAD,
        already=_("Ce fil est déjà verrouillé."),
    )


@transaction.atomic
def unlock_thread(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    return _set_thread_flag(
        thread=thread,
        moderator=moderator,
        reason=reason,
        field="locked",
        value=False,
        kind=ModerationActionKind.UNLOCK_THREAD,
        already=_("Ce fil n'est pas verrouillé."),
    )


@transaction.atomic
def pin_thread(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    """The thread stays at the top of its theme's list."""
    return _set_thread_flag(
        thread=thread,
        moderator=moderator,
        reason=reason,
        field="pinned",
        value=True,
        kind=ModerationActionKind.PIN_THREAD,
        already=_("Ce fil est déjà épinglé."),
    )


@transaction.atomic
def unpin_thread(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    return _set_thread_flag(
        thread=thread,
        moderator=moderator,
        reason=reason,
        field="pinned",
        value=False,
        kind=ModerationActionKind.UNPIN_THREAD,
        already=_("Ce fil n'est pas épinglé."),
    )


@transaction.atomic
def hide_thread(*, thread: Thread, moderator: User, reason: str) -> Thread:
    """The whole thread disappears for members (and from search)."""
    return _set_thread_flag(
        thread=thread,
        moderator=moderator,
        reason=reason,
        field="hidden",
        value=True,
        kind=ModerationActionKind.HIDE_THREAD,
        already=_("Ce fil est déjà masqué."),
        reason_required=_("Indiquez pourquoi vous masquez ce fil."),
        reindex=True,
    )


@transaction.atomic
def unhide_thread(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    return _set_thread_flag(
        thread=thread,
        moderator=moderator,
        reason=reason,
        field="hidden",
        value=False,
        kind=ModerationActionKind.UNHIDE_THREAD,
        already=_("Ce fil n'est pas masqué."),
        reindex=True,
    )


@transaction.atomic
def move_thread(
    *, thread: Thread, to_theme: Theme, moderator: User, reason: str
) -> Thread:
    """The thread now belongs to another theme; the audit trail keeps both."""
    _check_moderator(moderator)
    reason = _clean_reason(
        reason, required=True, message=_("Indiquez pourquoi vous déplacez ce fil.")
    )
    thread = _locked_thread(thread)
    if thread.theme_id == to_theme.pk:
        raise ModerationError(_("Ce fil est déjà dans ce thème."))
    from_theme = thread.theme
    thread.theme = to_theme
    thread.save(update_fields=["theme"])
    _record(
        kind=ModerationActionKind.MOVE_THREAD,
        moderator=moderator,
        reason=reason,
        thread=thread,
        target_user=thread.author,
        details={
            "from": {"id": from_theme.pk, "name": str(from_theme)},
            "to": {"id": to_theme.pk, "name": str(to_theme)},
        },
    )
    _reindex_after_commit(thread)
    return thread


# --- Members -------------------------------------------------------------------------


@transaction.atomic
def suspend_member_from_forum(
    *, user: User, moderator: User, reason: str, post: Post | None = None
) -> None:
    """Suspend a post's author (they can no longer sign in) and log it here too."""
    _check_moderator(moderator)
    reason = _clean_reason(
        reason,
        required=True,
        message=_("Indiquez le motif de la suspension."),
    )
    if not may_manage(actor=moderator, target=user):
        raise ModerationError(
            _(
                "Vous ne pouvez pas suspendre ce compte : seuls les administrateurs "
                "gèrent les comptes de l'équipe de modération, et personne ne "
                "suspend son propre compte."
            )
        )
    profile = getattr(user, "profile", None)
    if profile is not None and profile.suspended_at is not None:
        raise ModerationError(_("Ce compte est déjà suspendu."))
    try:
        suspend_member(user=user, by=moderator, reason=reason)
    except AccountActionError as error:
        raise ModerationError(str(error)) from error
    _record(
        kind=ModerationActionKind.SUSPEND_MEMBER,
        moderator=moderator,
        reason=reason,
        thread=post.thread if post else None,
        post=post,
        target_user=user,
    )


# --- Audit trail ---------------------------------------------------------------------


def audit_trail(*, kind: str = "", actor_id: int | None = None) -> QuerySet:
    """The moderation log, newest first, optionally one kind or one moderator."""
    queryset = ModerationAction.objects.select_related(
        "actor__profile", "thread", "post", "target_user__profile"
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if actor_id:
        queryset = queryset.filter(actor_id=actor_id)
    return queryset.order_by("-created_at", "-pk")


def moderators_in_trail() -> QuerySet[User]:
    """Everyone who appears as the author of a moderation action."""
    return (
        User.objects.filter(
            pk__in=ModerationAction.objects.values("actor_id").distinct()
        )
        .select_related("profile")
        .order_by("email")
    )
