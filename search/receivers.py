"""Signals that schedule index updates for content edited outside our services.

Case studies change through Wagtail (publish, unpublish, delete, move; a new
revision, visibility or attribution change is published like any edit) and
solutions through snippets; forum services schedule their own updates.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from casestudies.models import CaseStudyPage, Solution
from search.indexing import schedule_index_delete, schedule_index_update


def case_study_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    schedule_index_update(instance)


def case_study_moved(sender: Any, instance: Any, **kwargs: Any) -> None:
    # The URL is part of the document.
    schedule_index_update(instance.specific)


def case_study_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    schedule_index_delete(instance)


def solution_saved(
    sender: Any, instance: Any, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        schedule_index_update(instance)


def solution_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    schedule_index_delete(instance)


def connect() -> None:
    page_published.connect(case_study_changed, sender=CaseStudyPage)
    page_unpublished.connect(case_study_changed, sender=CaseStudyPage)
    post_page_move.connect(case_study_moved)
    post_delete.connect(case_study_deleted, sender=CaseStudyPage)
    post_save.connect(solution_saved, sender=Solution)
    post_delete.connect(solution_deleted, sender=Solution)
