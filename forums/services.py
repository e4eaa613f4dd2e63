"""Writes for discussions: threads, replies, edits, accepted answers, reactions.

Every function keeps the denormalised counters of `Thread` and `Post` in step,
renders Markdown only through `cop.core.sanitize.render_markdown`, and after
commit schedules a search index update and calls the notification hooks of
`forums.notifications`. Moderation actions (hide, lock, pin, move, reports)
live in `forums/moderation.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.accounts.roles import is_member, is_moderator
from cop.core.sanitize import render_markdown
from cop.taxonomy.models import Theme
from forums import notifications, ratelimits
from forums.models import (
    MAX_POST_LENGTH,
    MAX_TITLE_LENGTH,
    ModerationAction,
    ModerationActionKind,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Thread,
    ThreadVisibility,
)
from search.indexing import schedule_index_update


class ThreadClosed(Exception):
    """The thread is hidden or deleted: nobody but moderators may reply."""


class ThreadLocked(PermissionDenied):
    """The thread is locked: only moderators may still post."""


# --- Validation (shared with forms) -------------------------------------------


def clean_body(body: str) -> str:
    """The post text without surrounding blanks; refuse empty or oversized text."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(
            _("Votre message est vide. Écrivez quelques mots avant de publier."),
            code="empty",
        )
    if len(body) > MAX_POST_LENGTH:
        raise ValidationError(
            _(
                "Votre message compte %(length)s caractères; la limite est de "
                "%(max)s. Raccourcissez-le ou divisez-le en plusieurs messages."
            )
            % {"length": len(body), "max": MAX_POST_LENGTH},
            code="too_long",
        )
    return body


def clean_title(title: str) -> str:
    """A one-line title without surrounding blanks; refuse empty or long ones."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(
            _("Donnez un titre à votre discussion, par exemple votre question."),
            code="empty",
        )
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("Le titre compte %(length)s caractères; la limite est de %(max)s.")
            % {"length": len(title), "max": MAX_TITLE_LENGTH},
            code="too_long",
        )
    return title


def quote_markdown(post: Post) -> str:
    """A Markdown quote of `post` to start a reply with."""
    author = post.author
    name = _display_name(author) if author else _("Un membre")
    lines = post.body_source.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return _("%(name)s a écrit :") % {"name": name} + f"\n{quoted}\n\n"


def _display_name(user) -> str:
    profile = getattr(user, "profile", None)
    if profile and profile.display_name:
        return profile.display_name
    return user.get_full_name() or _("Membre de Carrefour")


# --- After-commit hooks ----------------------------------------------------------


def _after_commit(thread: Thread, notify: Callable[[], object] | None = None) -> None:
    """Reindex `thread` and send its notifications once the write is committed
    (schedule_index_update defers the index work to the commit itself)."""
    schedule_index_update(thread)
    if notify is not None:
        transaction.on_commit(notify)


def _refresh_thread_activity(thread: Thread) -> None:
    """Recount replies and last activity from the visible posts.

    A queryset update, not `save()`: the index update is scheduled once, after
    commit, rather than by the model's save signal on every counter change.
    """
    posts = thread.posts.filter(deleted_at__isnull=True, hidden=False)
    last = posts.order_by("-created_at", "-pk").first()
    fields = {"reply_count": max(posts.count() - 1, 0)}
    if last is not None:
        fields.update(
            last_activity_at=last.created_at, last_post_author_id=last.author_id
        )
    Thread.objects.filter(pk=thread.pk).update(
        search_version=F("search_version") + 1, **fields
    )
    thread.refresh_from_db(
        fields=[
            "reply_count",
            "last_activity_at",
            "last_post_author",
            "search_version",
        ]
    )


# --- Threads and replies -------------------------------------------------------


def create_thread(
    *,
    theme: Theme,
    author,
    title: str,
    body: str,
    visibility: str = ThreadVisibility.MEMBERS,
    enforce_rate_limits: bool = True,
) -> Thread:
    """A new thread whose first post is the question; the author follows it."""
    if not is_member(author):
        raise PermissionDenied(_("Seuls les membres peuvent lancer une discussion."))
    title = clean_title(title)
    body = clean_body(body)
    if enforce_rate_limits:
        ratelimits.check_rate_limit(user=author, action=ratelimits.THREAD)
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            theme=theme,
            author=author,
            title=title,
            visibility=visibility,
            created_at=now,
            last_activity_at=now,
            last_post_author=author,
        )
        Post.objects.create(
            thread=thread,
            author=author,
            body_source=body,
            body_html=render_markdown(body),
            created_at=now,
        )
        Subscription.objects.get_or_create(user=author, thread=thread)
        _after_commit(thread, lambda: notifications.notify_new_thread(thread))
    if enforce_rate_limits:
        ratelimits.record_action(user=author, action=ratelimits.THREAD)
    return thread


def ensure_may_reply(*, thread: Thread, author) -> None:
    """Raise if `author` may not reply to `thread` now."""
    if not is_member(author):
        raise PermissionDenied(_("Seuls les membres peuvent répondre."))
    if thread.deleted_at is not None or thread.hidden:
        raise ThreadClosed(
            _("Cette discussion a été retirée : il n'est plus possible d'y répondre.")
        )
    if thread.locked and not is_moderator(author):
        raise ThreadLocked(
            _(
                "Cette discussion est verrouillée par la modération : il n'est plus "
                "possible d'y répondre."
            )
        )


def reply(
    *,
    thread: Thread,
    author,
    body: str,
    quote_of: Post | None = None,
    enforce_rate_limits: bool = True,
) -> Post:
    """A reply at the end of `thread`; the replier follows the thread.

    `quote_of` is the post being quoted (the quote itself is already in `body`
    as Markdown); it must belong to the same thread.
    """
    ensure_may_reply(thread=thread, author=author)
    body = clean_body(body)
    if quote_of is not None and quote_of.thread_id != thread.pk:
        raise ValidationError(_("Le message cité n'appartient pas à cette discussion."))
    if enforce_rate_limits:
        ratelimits.check_rate_limit(user=author, action=ratelimits.POST)
    with transaction.atomic():
        post = Post.objects.create(
            thread=thread,
            author=author,
            body_source=body,
            body_html=render_markdown(body),
        )
        _refresh_thread_activity(thread)
        Subscription.objects.get_or_create(user=author, thread=thread)
        _after_commit(thread, lambda: notifications.notify_new_reply(post))
    if enforce_rate_limits:
        ratelimits.record_action(user=author, action=ratelimits.POST)
    return post


def may_edit(*, post: Post, user) -> bool:
    """Authors edit their own posts (not in locked threads); moderators any post."""
    if is_moderator(user):
        return True
    return (
        is_member(user)
        and post.author_id == user.pk
        and post.deleted_at is None
        and not post.hidden
        and not post.thread.locked
        and not post.thread.hidden
        and post.thread.deleted_at is None
    )


def edit_post(*, post: Post, editor, body: str) -> Post:
    """Replace a post's text, keeping the previous text as a PostRevision.

    An edit by someone other than the author (a moderator) is recorded in the
    moderation audit trail.
    """
    if not may_edit(post=post, user=editor):
        raise PermissionDenied(_("Vous ne pouvez modifier que vos propres messages."))
    body = clean_body(body)
    if body == post.body_source:
        return post
    with transaction.atomic():
        PostRevision.objects.create(
            post=post, body_source=post.body_source, edited_by=editor
        )
        post.body_source = body
        post.body_html = render_markdown(body)
        post.edited_at = timezone.now()
        post.save(update_fields=["body_source", "body_html", "edited_at"])
        if post.author_id != editor.pk:
            ModerationAction.objects.create(
                actor=editor,
                kind=ModerationActionKind.EDIT_POST,
                thread=post.thread,
                post=post,
                target_user=post.author,
                details={"revision_count": post.revisions.count()},
            )
        thread = post.thread
        Thread.objects.filter(pk=thread.pk).update(
            search_version=F("search_version") + 1
        )
        _after_commit(thread)
    return post


# --- Accepted answers and reactions -------------------------------------------


def may_accept(*, thread: Thread, user) -> bool:
    return is_moderator(user) or (
        is_member(user) and thread.author_id is not None and thread.author_id == user.pk
    )


def accept_answer(*, post: Post, by) -> Thread:
    """Mark `post` as the thread's answer, replacing any previous one."""
    thread = post.thread
    if not may_accept(thread=thread, user=by):
        raise PermissionDenied(
            _(
                "Seule la personne qui a posé la question, ou la modération, peut "
                "choisir la réponse acceptée."
            )
        )
    if post.is_first:
        raise ValidationError(_("La question elle-même ne peut pas être la réponse."))
    if post.hidden or post.deleted_at is not None:
        raise ValidationError(_("Un message masqué ne peut pas être la réponse."))
    if thread.accepted_post_id == post.pk:
        return thread
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(accepted_post=post)
        thread.accepted_post = post
        _after_commit(
            thread, lambda: notifications.notify_answer_accepted(post, actor=by)
        )
    return thread


def unaccept_answer(*, thread: Thread, by) -> Thread:
    """The thread has no accepted answer any more."""
    if not may_accept(thread=thread, user=by):
        raise PermissionDenied(
            _(
                "Seule la personne qui a posé la question, ou la modération, peut "
                "changer la réponse acceptée."
            )
        )
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(accepted_post=None)
        thread.accepted_post = None
        _after_commit(thread)
    return thread


def toggle_reaction(*, post: Post, user) -> bool:
    """Add or remove `user`'s "utile" on `post`; True when it is now set.

    Members may not mark their own posts: "utile" says others found it useful.
    """
    if not is_member(user):
        raise PermissionDenied(_("Seuls les membres peuvent réagir aux messages."))
    if post.author_id == user.pk:
        raise PermissionDenied(
            _("Vous ne pouvez pas indiquer que votre propre message est utile.")
        )
    if post.hidden or post.deleted_at is not None:
        raise PermissionDenied(_("Ce message n'est plus disponible."))
    with transaction.atomic():
        deleted, _details = Reaction.objects.filter(post=post, user=user).delete()
        if not deleted:
            Reaction.objects.get_or_create(post=post, user=user)
        post.reaction_count = post.reactions.count()
        post.save(update_fields=["reaction_count"])
    return not deleted
