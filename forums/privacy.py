"""What the discussions hold about a person (Law 25).

Exported: their threads, posts and edits, « utile » marks, follows,
notifications, reports they filed, and moderation actions taken about them.
Erased: marks, follows and notifications go (post counters recomputed); reports
they filed stay for the moderators without their name; what they wrote stays
for the community under « Ancien membre », like the case studies.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from cop.accounts.models import User
from cop.accounts.privacy import (
    PersonalDataSection,
    exclude_personal_data,
    iso,
    register_personal_data,
)
from forums.models import (
    ModerationAction,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Report,
    Subscription,
    Thread,
)


def _thread_ref(thread: Thread) -> dict[str, Any]:
    return {"id": thread.pk, "title": thread.title, "url": thread.get_absolute_url()}


def export_discussions(user: User) -> dict[str, Any]:
    threads = Thread.objects.filter(author=user).select_related("theme").order_by("pk")
    posts = Post.objects.filter(author=user).select_related("thread").order_by("pk")
    revisions = (
        PostRevision.objects.filter(edited_by=user)
        .select_related("post__thread")
        .order_by("pk")
    )
    reactions = (
        Reaction.objects.filter(user=user).select_related("post__thread").order_by("pk")
    )
    follows = (
        Subscription.objects.filter(user=user)
        .select_related("thread", "theme")
        .order_by("pk")
    )
    notifications = (
        Notification.objects.filter(recipient=user)
        .select_related("thread")
        .order_by("pk")
    )
    reports = (
        Report.objects.filter(reporter=user)
        .select_related("post__thread")
        .order_by("pk")
    )
    about_them = ModerationAction.objects.filter(target_user=user).order_by("pk")
    return {
        "threads": [
            {
                **_thread_ref(thread),
                "theme": str(thread.theme),
                "visibility": thread.visibility,
                "created_at": iso(thread.created_at),
                "deleted_at": iso(thread.deleted_at),
            }
            for thread in threads
        ],
        "posts": [
            {
                "id": post.pk,
                "thread": _thread_ref(post.thread),
                "url": post.get_absolute_url(),
                "body_markdown": post.body_source,
                "created_at": iso(post.created_at),
                "edited_at": iso(post.edited_at),
                "hidden": post.hidden,
                "deleted_at": iso(post.deleted_at),
            }
            for post in posts
        ],
        "post_edits": [
            {
                "post": revision.post_id,
                "thread": _thread_ref(revision.post.thread),
                "previous_body_markdown": revision.body_source,
                "created_at": iso(revision.created_at),
            }
            for revision in revisions
        ],
        "useful_marks": [
            {
                "post": reaction.post_id,
                "url": reaction.post.get_absolute_url(),
                "created_at": iso(reaction.created_at),
            }
            for reaction in reactions
        ],
        "follows": [
            {
                "thread": _thread_ref(follow.thread) if follow.thread else None,
                "theme": str(follow.theme) if follow.theme else None,
                "created_at": iso(follow.created_at),
            }
            for follow in follows
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "thread": _thread_ref(notification.thread)
                if notification.thread
                else None,
                "created_at": iso(notification.created_at),
                "read_at": iso(notification.read_at),
                "emailed_at": iso(notification.emailed_at),
            }
            for notification in notifications
        ],
        "reports_filed": [
            {
                "post": report.post_id,
                "url": report.post.get_absolute_url(),
                "reason": report.reason,
                "details": report.details,
                "status": report.status,
                "created_at": iso(report.created_at),
            }
            for report in reports
        ],
        "moderation_actions_about_them": [
            {
                "kind": action.kind,
                "reason": action.reason,
                "created_at": iso(action.created_at),
            }
            for action in about_them
        ],
    }


def erase_discussions(user: User) -> None:
    marked_posts = list(
        Reaction.objects.filter(user=user).values_list("post_id", flat=True)
    )
    Reaction.objects.filter(user=user).delete()
    if marked_posts:
        counts = (
            Reaction.objects.filter(post=OuterRef("pk"))
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Post.objects.filter(pk__in=marked_posts).update(
            reaction_count=Coalesce(Subquery(counts), 0)
        )
    Subscription.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    # Others' notifications no longer say who acted.
    Notification.objects.filter(actor=user).update(actor=None)
    # Reports stay for the moderators, without who filed them.
    Report.objects.filter(reporter=user).update(reporter=None)


def register() -> None:
    register_personal_data(
        PersonalDataSection(
            key="discussions",
            export=export_discussions,
            erase=erase_discussions,
            covers=(
                "forums.Thread.author",
                "forums.Post.author",
                "forums.PostRevision.edited_by",
                "forums.Reaction.user",
                "forums.Subscription.user",
                "forums.Notification.recipient",
                "forums.Notification.actor",
                "forums.Report.reporter",
                "forums.ModerationAction.target_user",
            ),
        )
    )
    exclude_personal_data(
        "forums.Thread.last_post_author",
        reason="a copy of the last post's author, kept in step with the posts",
    )
    exclude_personal_data(
        "forums.Report.handled_by",
        reason="the moderator who handled a report: moderation history",
    )
    exclude_personal_data(
        "forums.ModerationAction.actor",
        reason="the moderator who acted: the audit trail must stay whole",
    )
