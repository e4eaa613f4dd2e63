"""Index update tasks (Wagtail's task framework: django_tasks).

Immediate in development and tests; a database-backed worker in production.
The task never fails: an update Elasticsearch cannot take waits in the retry
queue (see search/indexing.py).
"""

from __future__ import annotations

from django_tasks import task

from search.indexing import apply_index_update


@task()
def apply_index_update_task(*, kind: str, pk: int, action: str) -> bool:
    return apply_index_update(kind=kind, pk=pk, action=action)
