"""The indexing pipeline's entry points, called by services after a write.

Placeholder until the pipeline lands: Wagtail's own database index is updated
directly. Services call these two functions and nothing else.
"""

from __future__ import annotations

from typing import Any

from wagtail.search import index


def schedule_index_update(obj: Any) -> None:
    """Queue a (re)index of `obj` (a case study, thread or solution) after commit."""
    index.insert_or_update_object(obj)


def schedule_index_delete(obj: Any) -> None:
    """Queue the removal of `obj` from the search indexes after commit."""
    index.remove_object(obj)
