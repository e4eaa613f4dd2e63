"""The indexing pipeline's entry points, called by services after a write.

`schedule_index_update(obj)` / `schedule_index_delete(obj)` run after the
transaction commits and enqueue a task (search/tasks.py). The task applies the
update to Elasticsearch when it is configured; when the cluster cannot take it,
the update waits in the retry queue (`PendingIndexUpdate`) and is applied later
by the next successful indexing task, `search_index retry` or `reconcile`.
Nothing here ever raises to the editor.

Wagtail's own (database) index is kept current too: Wagtail updates it when a
page or snippet is saved, but a thread's text lives in its posts, so threads
are re-indexed there explicitly, inside the same transaction.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from search import sources
from search.contract import Kind
from search.engine import SearchUnavailable, elasticsearch_backend
from search.models import IndexAction, PendingIndexUpdate

logger = logging.getLogger(__name__)

RETRY_BATCH = 100
MAX_BACKOFF = datetime.timedelta(hours=1)


def _identify(obj: Any) -> tuple[str, int] | None:
    kind = sources.kind_of(getattr(obj, "specific", obj))
    if kind is None or obj.pk is None:
        return None
    return kind, int(obj.pk)


def schedule_index_update(obj: Any) -> None:
    """Queue a (re)index of `obj` (a case study, thread or solution) after commit."""
    if identity := _identify(obj):
        _update_database_index(*identity, IndexAction.UPDATE)
        _enqueue_on_commit(*identity, IndexAction.UPDATE)


def schedule_index_delete(obj: Any) -> None:
    """Queue the removal of `obj` from the search indexes after commit."""
    if identity := _identify(obj):
        _update_database_index(*identity, IndexAction.DELETE)
        _enqueue_on_commit(*identity, IndexAction.DELETE)


def _enqueue_on_commit(kind: str, pk: int, action: str) -> None:
    def enqueue() -> None:
        from search.tasks import apply_index_update_task

        try:
            apply_index_update_task.enqueue(kind=kind, pk=pk, action=action)
        except Exception as exc:  # noqa: BLE001 - a task queue outage must not fail a save
            logger.warning(
                "Could not enqueue index %s of %s #%s: %s", action, kind, pk, exc
            )
            _remember(kind, pk, action, error=f"enqueue: {exc}")

    transaction.on_commit(enqueue, robust=True)


def apply_index_update(*, kind: str, pk: int, action: str) -> bool:
    """Apply one update now; on failure queue it for a retry. True if applied."""
    backend = elasticsearch_backend()
    if backend is None:
        return True
    try:
        _apply(backend, kind, pk, action)
    except SearchUnavailable as exc:
        logger.warning("Index %s of %s #%s postponed: %s", action, kind, pk, exc)
        _remember(kind, pk, action, error=str(exc))
        return False
    PendingIndexUpdate.objects.filter(kind=kind, object_pk=pk).delete()
    retry_pending(backend=backend)
    return True


def _apply(backend: Any, kind: str, pk: int, action: str) -> None:
    if action == IndexAction.DELETE:
        backend.delete(kind, pk)
        return
    obj = sources.load(kind, pk)
    if obj is None:  # unpublished, hidden or deleted since: it leaves the index
        backend.delete(kind, pk)
    else:
        backend.index_objects([obj])


def _update_database_index(kind: str, pk: int, action: str) -> None:
    """Keep Wagtail's database index current for threads (pages and solutions
    are re-indexed by Wagtail itself when saved).

    Done at once, not after commit: that index lives in the same database, so
    it commits or rolls back with the change itself.
    """
    if kind != Kind.THREAD.value:
        return
    from wagtail.search import index

    from forums.models import Thread

    thread = Thread.objects.filter(pk=pk).first()
    if thread is None:
        return
    if action == IndexAction.DELETE:
        index.remove_object(thread)
    else:
        index.insert_or_update_object(thread)


def _remember(kind: str, pk: int, action: str, *, error: str) -> None:
    """Record (or update) a failed update; the latest action for an object wins."""
    now = timezone.now()
    pending = PendingIndexUpdate.objects.filter(kind=kind, object_pk=pk).first()
    if pending is None:
        PendingIndexUpdate.objects.create(
            kind=kind,
            object_pk=pk,
            action=action,
            last_error=error[:2000],
            next_attempt_at=now + _backoff(1),
        )
        return
    pending.action = action
    pending.attempts += 1
    pending.last_error = error[:2000]
    pending.next_attempt_at = now + _backoff(pending.attempts)
    pending.save()


def _backoff(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min... up to an hour between attempts."""
    return min(datetime.timedelta(seconds=30 * 2 ** (attempts - 1)), MAX_BACKOFF)


def retry_pending(*, backend: Any = None, force: bool = False) -> tuple[int, int]:
    """Apply queued updates that are due (all of them with `force`).

    Returns (applied, still pending). Stops at the first failure: the cluster
    is evidently still unavailable.
    """
    backend = backend or elasticsearch_backend()
    if backend is None:
        return 0, PendingIndexUpdate.objects.count()
    due = PendingIndexUpdate.objects.all()
    if not force:
        due = due.filter(next_attempt_at__lte=timezone.now())
    applied = 0
    for pending in list(due[:RETRY_BATCH]):
        try:
            _apply(backend, pending.kind, pending.object_pk, pending.action)
        except SearchUnavailable as exc:
            _remember(pending.kind, pending.object_pk, pending.action, error=str(exc))
            break
        # Only delete the row we applied: a newer failure may have replaced it.
        PendingIndexUpdate.objects.filter(
            pk=pending.pk, updated_at=pending.updated_at
        ).delete()
        applied += 1
    return applied, PendingIndexUpdate.objects.count()
