"""Writes to case studies: importing interchange records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction
from django.utils.translation import gettext as _

from casestudies.interchange import (
    CaseStudyRecord,
    InterchangeError,
    SourceRecord,
    generated_translation_key,
    page_snapshot,
    validate_records,
)
from casestudies.models import CaseStudyIndexPage, CaseStudyPage, Solution, Vendor


class CaseStudyImportError(Exception):
    """An import that cannot happen at all (for example, no index page)."""


class UpsertAction(StrEnum):
    """What importing one record did to its page."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class UpsertResult:
    """The action taken, and the page (None when a dry run would create it)."""

    action: UpsertAction
    page: CaseStudyPage | None


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do), line by line."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)
    errors: list[InterchangeError] = field(default_factory=list)
    dry_run: bool = False
    aborted: bool = False  # errors were found and nothing was imported

    @property
    def skipped(self) -> int:
        return len(self.skipped_lines)


def case_study_index() -> CaseStudyIndexPage:
    """The single index page new case studies go under."""
    index = CaseStudyIndexPage.objects.order_by("path").first()
    if index is None:
        raise CaseStudyImportError(
            _(
                "Aucune page « Études de cas » n'existe : créez-la sous la page "
                "d'accueil dans l'administration avant d'importer."
            )
        )
    return index


def find_case_study(*, external_id: str) -> CaseStudyPage | None:
    """The page with this external_id, or the one an export named after it."""
    page = CaseStudyPage.objects.filter(external_id=external_id).first()
    if page is None:
        key = generated_translation_key(external_id)
        if key is not None:
            page = CaseStudyPage.objects.filter(
                external_id__isnull=True, translation_key=key
            ).first()
    return page


def _solutions_for(record: CaseStudyRecord) -> list[Solution]:
    solutions = []
    for ref in record.solutions:
        vendor = (
            Vendor.objects.get_or_create(name=ref.vendor)[0] if ref.vendor else None
        )
        solution = (
            Solution.objects.filter(name=ref.name, vendor=vendor).order_by("pk").first()
        )
        if solution is None:
            solution = Solution.objects.create(name=ref.name, vendor=vendor)
        solutions.append(solution)
    return solutions


def _apply(page: CaseStudyPage, record: CaseStudyRecord) -> None:
    for name, value in record.values.items():
        setattr(page, name, value)
    page.municipality = record.municipality
    page.partners.set(record.partners)
    page.themes.set(record.themes)
    page.solutions.set(_solutions_for(record))
    page.indicators = [("indicator", dict(item)) for item in record.indicators]
    page.tags.set(record.tags)


@transaction.atomic
def upsert_case_study(
    *,
    record: CaseStudyRecord,
    publish: bool = True,
    dry_run: bool = False,
    user=None,
) -> UpsertResult:
    """Create the page of a record, or give its page a new revision if it changed."""
    existing = find_case_study(external_id=record.external_id)
    if existing is None:
        index = case_study_index()
        if dry_run:
            return UpsertResult(UpsertAction.CREATED, None)
        page = CaseStudyPage(live=False)
        _apply(page, record)
        index.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        return UpsertResult(UpsertAction.CREATED, page)

    draft = existing.get_latest_revision_as_object()
    changed = page_snapshot(draft) != record.snapshot()
    needs_publishing = publish and (
        not existing.live or existing.has_unpublished_changes
    )
    if not changed and not needs_publishing:
        return UpsertResult(UpsertAction.UNCHANGED, existing)
    if dry_run:
        return UpsertResult(UpsertAction.UPDATED, existing)
    if changed:
        _apply(draft, record)
    revision = draft.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    existing.refresh_from_db()
    return UpsertResult(UpsertAction.UPDATED, existing)


@transaction.atomic
def import_case_studies(
    *,
    records: Sequence[SourceRecord],
    publish: bool = True,
    dry_run: bool = False,
    skip_invalid: bool = False,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate every record, then import them all in one transaction (or none,
    when a line has errors and skip_invalid is off)."""
    validated = validate_records(records=records)
    report = ImportReport(dry_run=dry_run)
    for line in validated:
        if not line.is_valid:
            report.errors.extend(line.errors)
            report.skipped_lines.append(line.line)
    if report.errors and not skip_invalid:
        report.aborted = True
        return report

    valid = [line.record for line in validated if line.is_valid]
    if progress:
        progress(0, len(valid))
    for done, record in enumerate(valid, start=1):
        result = upsert_case_study(
            record=record, publish=publish, dry_run=dry_run, user=user
        )
        getattr(report, result.action.value).append(record.external_id)
        if progress:
            progress(done, len(valid))
    return report
