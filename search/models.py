"""The retry queue: index updates Elasticsearch could not take yet."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexAction(models.TextChoices):
    UPDATE = "update", _("Mise à jour")
    DELETE = "delete", _("Suppression")


class PendingIndexUpdate(models.Model):
    """One object whose index update failed; the latest action wins.

    Rows are retried (with backoff) by later successful indexing tasks, by
    `search_index retry` and by `search_index reconcile`, then deleted.
    """

    kind = models.CharField(_("type"), max_length=20)
    object_pk = models.PositiveBigIntegerField(_("identifiant"))
    action = models.CharField(_("action"), max_length=10, choices=IndexAction.choices)
    attempts = models.PositiveIntegerField(_("tentatives"), default=1)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    next_attempt_at = models.DateTimeField(
        _("prochaine tentative"), default=timezone.now, db_index=True
    )

    class Meta:
        ordering = ("next_attempt_at", "pk")
        verbose_name = _("mise à jour d'index en attente")
        verbose_name_plural = _("mises à jour d'index en attente")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["kind", "object_pk"], name="search_one_pending_update"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.kind} #{self.object_pk}"
