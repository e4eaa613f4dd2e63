"""Discussions: threads by theme, posts, reactions, follows, reports and the
moderation audit trail. Plain Django models (not Wagtail pages).

Writes go through `forums/services.py` (posting, editing, reactions, follows)
and `forums/moderation.py` (hide, lock, pin, move, reports); they keep the
denormalised counters below in step and schedule search index updates.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from cop.accounts.roles import is_member, is_moderator
from cop.taxonomy.models import Theme

MAX_TITLE_LENGTH = 160
MAX_POST_LENGTH = 20_000


class ThreadVisibility(models.TextChoices):
    MEMBERS = "members", _("Membres seulement")
    PUBLIC = "public", _("Public")


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user) -> ThreadQuerySet:
        """Threads this user may read: not deleted; members-only ones need a
        member. Hidden threads stay visible to moderators only."""
        queryset = self.filter(deleted_at__isnull=True)
        if not is_member(user):
            queryset = queryset.filter(visibility=ThreadVisibility.PUBLIC)
        if not is_moderator(user):
            queryset = queryset.filter(hidden=False)
        return queryset

    def in_theme(self, theme: Theme) -> ThreadQuerySet:
        return self.filter(theme=theme)

    def answered(self) -> ThreadQuerySet:
        return self.filter(accepted_post__isnull=False)

    def unanswered(self) -> ThreadQuerySet:
        return self.filter(accepted_post__isnull=True)

    def with_related(self) -> ThreadQuerySet:
        return self.select_related(
            "theme", "author__profile", "last_post_author__profile"
        )


class Thread(index.Indexed, models.Model):
    """A question or conversation in one theme; its first post is the question."""

    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="threads",
        verbose_name=_("thème"),
    )
    title = models.CharField(_("titre"), max_length=MAX_TITLE_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="threads",
        verbose_name=_("auteur"),
    )
    visibility = models.CharField(
        _("visibilité"),
        max_length=10,
        choices=ThreadVisibility.choices,
        default=ThreadVisibility.MEMBERS,
    )
    related_case_studies = models.ManyToManyField(
        "casestudies.CaseStudyPage",
        blank=True,
        related_name="threads",
        verbose_name=_("études de cas liées"),
    )
    related_solutions = models.ManyToManyField(
        "casestudies.Solution",
        blank=True,
        related_name="threads",
        verbose_name=_("solutions liées"),
    )
    pinned = models.BooleanField(_("épinglé"), default=False, db_index=True)
    locked = models.BooleanField(_("verrouillé"), default=False)
    hidden = models.BooleanField(_("masqué"), default=False)
    accepted_post = models.OneToOneField(
        "forums.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse acceptée"),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    last_activity_at = models.DateTimeField(
        _("dernière activité"), default=timezone.now, db_index=True
    )
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reply_count = models.PositiveIntegerField(_("réponses"), default=0)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    # Bumped on every change that the search index must see (edits, hides,
    # moves): `search_index reconcile` compares it with the indexed version.
    search_version = models.PositiveIntegerField(default=1)

    objects = ThreadQuerySet.as_manager()

    search_fields: ClassVar[list] = [
        index.SearchField("title", boost=3),
        index.SearchField("search_body"),
        index.FilterField("theme_id"),
        index.FilterField("visibility"),
        index.FilterField("hidden"),
        index.FilterField("deleted_at"),
    ]

    class Meta:
        ordering = ("-pinned", "-last_activity_at")
        verbose_name = _("fil de discussion")
        verbose_name_plural = _("fils de discussion")
        indexes: ClassVar[list] = [models.Index(fields=["theme", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread_detail", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.accepted_post_id is not None

    def search_body(self) -> str:
        """The text of every visible post, for full-text search."""
        return "\n\n".join(
            self.posts.filter(hidden=False, deleted_at__isnull=True)
            .order_by("created_at")
            .values_list("body_source", flat=True)
        )


class PostQuerySet(models.QuerySet):
    def visible(self) -> PostQuerySet:
        return self.filter(hidden=False, deleted_at__isnull=True)


class Post(models.Model):
    """One message. `body_html` is always `render_markdown(body_source)`."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("fil")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="posts",
        verbose_name=_("auteur"),
    )
    body_source = models.TextField(_("message (Markdown)"))
    body_html = models.TextField(_("message (HTML nettoyé)"))
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    hidden = models.BooleanField(_("masqué"), default=False, db_index=True)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    reaction_count = models.PositiveIntegerField(_("« utile »"), default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#message-{self.pk}"

    @property
    def is_first(self) -> bool:
        first_id = (
            Post.objects.filter(thread_id=self.thread_id)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        return first_id == self.pk


class PostRevision(models.Model):
    """The text of a post before an edit; moderators can read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body_source = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("version précédente")
        verbose_name_plural = _("versions précédentes")

    def __str__(self) -> str:
        return f"{self.post} ({self.created_at:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    """One "utile" per member per post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["post", "user"], name="forums_one_reaction_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.post}"


class Subscription(models.Model):
    """A member follows either one thread or a whole theme."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum_subscriptions",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list] = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, theme__isnull=True)
                    | Q(thread__isnull=True, theme__isnull=False)
                ),
                name="forums_subscription_thread_xor_theme",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="forums_one_thread_subscription",
            ),
            models.UniqueConstraint(
                fields=["user", "theme"],
                condition=Q(theme__isnull=False),
                name="forums_one_theme_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread or self.theme}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("À traiter")
    RESOLVED = "resolved", _("Traité")
    DISMISSED = "dismissed", _("Rejeté")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Pourriel ou publicité")
    ABUSE = "abuse", _("Propos injurieux ou harcèlement")
    PERSONAL_DATA = "personal_data", _("Renseignements personnels")
    OFF_TOPIC = "off_topic", _("Hors sujet")
    OTHER = "other", _("Autre")


class Report(models.Model):
    """A member's flag on a post; lands in the moderators' queue."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_reports",
    )
    reason = models.CharField(_("motif"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("précisions"), max_length=1000, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="forums_one_open_report_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} → {self.post}"


class ModerationActionKind(models.TextChoices):
    HIDE_POST = "hide_post", _("Message masqué")
    UNHIDE_POST = "unhide_post", _("Message rétabli")
    LOCK_THREAD = "lock_thread", _("Fil verrouillé")
    UNLOCK_THREAD = "unlock_thread", _("Fil déverrouillé")
    PIN_THREAD = "pin_thread", _("Fil épinglé")
    UNPIN_THREAD = "unpin_thread", _("Fil désépinglé")
    MOVE_THREAD = "move_thread", _("Fil déplacé")
    HIDE_THREAD = "hide_thread", _("Fil masqué")
    UNHIDE_THREAD = "unhide_thread", _("Fil rétabli")
    DISMISS_REPORT = "dismiss_report", _("Signalement rejeté")
    SUSPEND_MEMBER = "suspend_member", _("Membre suspendu")
    EDIT_POST = "edit_post", _("Message modifié par la modération")


class ModerationAction(models.Model):
    """The audit trail: who did what, to what, when and why. Never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    kind = models.CharField(
        _("action"), max_length=20, choices=ModerationActionKind.choices
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    # What the action changed, for the record (e.g. {"from": "...", "to": "..."}).
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class NotificationKind(models.TextChoices):
    NEW_THREAD = "new_thread", _("Nouveau fil dans un thème suivi")
    NEW_REPLY = "new_reply", _("Nouvelle réponse dans un fil suivi")
    ACCEPTED = "accepted", _("Votre réponse a été acceptée")
    MENTION = "mention", _("Mention")


class Notification(models.Model):
    """In-app notification; `emailed_at` records the email (immediate or digest)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar[list] = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
