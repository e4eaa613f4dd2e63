"""What gets indexed: each searchable object flattened into a plain document.

Backend-independent (no Elasticsearch import): the Elasticsearch backend stores
these documents, `reconcile` compares their versions with the index, and facet
labels are resolved here for both backends.

Invariant: the real municipality of an anonymous case study never appears in a
document's text or labels; only its id is kept, so that moderators and members
of that municipality can be shown its name from the database at query time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from search.contract import Kind

KIND_LABELS = {
    Kind.CASE_STUDY.value: _("Étude de cas"),
    Kind.THREAD.value: _("Discussion"),
    Kind.SOLUTION.value: _("Solution"),
}

# Text fields every document has (empty when a kind has no such text).
TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "summary",
    "problem",
    "approach",
    "worked",
    "failed",
    "advice",
    "body",
    "municipality",
)


def kind_of(obj: Any) -> str | None:
    """The search kind of a model instance, or None when search ignores it."""
    from casestudies.models import CaseStudyPage, Solution
    from forums.models import Thread

    if isinstance(obj, CaseStudyPage):
        return Kind.CASE_STUDY.value
    if isinstance(obj, Thread):
        return Kind.THREAD.value
    if isinstance(obj, Solution):
        return Kind.SOLUTION.value
    return None


def model_for(kind: str) -> type[Model]:
    from casestudies.models import CaseStudyPage, Solution
    from forums.models import Thread

    return {
        Kind.CASE_STUDY.value: CaseStudyPage,
        Kind.THREAD.value: Thread,
        Kind.SOLUTION.value: Solution,
    }[kind]


def indexable(kind: str) -> QuerySet:
    """Objects of `kind` that belong in the index, with what documents need."""
    from casestudies.models import CaseStudyPage, Solution
    from forums.models import Thread

    if kind == Kind.CASE_STUDY.value:
        return (
            CaseStudyPage.objects.live()
            .select_related("municipality__region")
            .prefetch_related("themes", "solutions", "partners", "tags")
            .order_by("pk")
        )
    if kind == Kind.THREAD.value:
        return (
            Thread.objects.filter(hidden=False, deleted_at__isnull=True)
            .select_related("theme")
            .prefetch_related("related_solutions")
            .order_by("pk")
        )
    if kind == Kind.SOLUTION.value:
        return Solution.objects.select_related("vendor").order_by("pk")
    raise ValueError(f"Unknown search kind {kind!r}")


def load(kind: str, pk: int) -> Any | None:
    """The object if it is (still) indexable, else None (it must leave the index)."""
    return indexable(kind).filter(pk=pk).first()


def iter_documents(kind: str, *, chunk_size: int = 200) -> Iterator[dict]:
    for obj in indexable(kind).iterator(chunk_size=chunk_size):
        yield document_for(obj)


def document_for(obj: Any) -> dict:
    """The document for one indexable object (see `indexable`)."""
    kind = kind_of(obj)
    with translation.override(settings.LANGUAGE_CODE):
        if kind == Kind.CASE_STUDY.value:
            doc, base_version = _case_study(obj), str(obj.live_revision_id or 0)
        elif kind == Kind.THREAD.value:
            doc, base_version = _thread(obj), str(obj.search_version)
        elif kind == Kind.SOLUTION.value:
            doc, base_version = _solution(obj), "1"
        else:
            raise ValueError(f"{type(obj).__name__} is not searchable")
    for name in TEXT_FIELDS:
        doc.setdefault(name, "")
    for name in ("theme", "outcome", "stage", "region", "size", "solution", "year"):
        doc.setdefault(name, [])
    doc.setdefault("external_id", "")
    doc.setdefault("attribution", "")
    doc.setdefault("municipality_id", None)
    doc.setdefault("anonymous", False)
    doc.setdefault("language", "fr")
    doc.update(kind=kind, pk=obj.pk)
    # The version changes whenever anything indexed changes (a new revision, an
    # edited post, a renamed municipality...): reconcile relies on it.
    digest = hashlib.sha1(
        json.dumps(doc, sort_keys=True, default=str).encode()
    ).hexdigest()[:12]
    doc["version"] = f"{base_version}:{digest}"
    return doc


def _case_study(page: Any) -> dict:
    from casestudies.models import Attribution

    municipality = page.municipality
    anonymous = page.attribution == Attribution.ANONYMOUS
    named = [] if anonymous else [municipality.name]
    if not anonymous:
        named += [partner.name for partner in page.partners.all()]
    tags = " ".join(tag.name for tag in page.tags.all())
    date = page.last_published_at or page.first_published_at
    return {
        "title": page.title,
        "summary": page.summary,
        "problem": page.problem,
        "approach": page.approach,
        "worked": page.worked,
        "failed": page.failed,
        "advice": page.advice,
        "body": tags,
        "municipality": " ".join(named),
        "attribution": municipality.name
        if not anonymous
        else str(page.anonymous_label),
        "municipality_id": municipality.pk,
        "anonymous": anonymous,
        "theme": sorted(theme.slug for theme in page.themes.all()),
        "outcome": [page.outcome],
        "stage": [page.stage],
        "region": [municipality.region.code] if municipality.region_id else [],
        "size": [municipality.size_band] if municipality.size_band else [],
        "solution": sorted(str(solution.pk) for solution in page.solutions.all()),
        "year": [str(page.started.year)] if page.started else [],
        "visibility": page.visibility,
        "language": page.language,
        "external_id": page.external_id or "",
        "url": page.get_url() or page.url_path,
        "date": date.date().isoformat() if date else None,
    }


def _thread(thread: Any) -> dict:
    return {
        "title": thread.title,
        "body": thread.search_body(),
        "theme": [thread.theme.slug],
        "solution": sorted(str(s.pk) for s in thread.related_solutions.all()),
        "year": [str(thread.created_at.year)],
        "visibility": thread.visibility,
        "url": thread.get_absolute_url(),
        "date": thread.created_at.date().isoformat(),
    }


def _solution(solution: Any) -> dict:
    from casestudies.models import CaseStudyIndexPage

    index = CaseStudyIndexPage.objects.live().first()
    base = (index.get_url() if index else None) or ""
    vendor = solution.vendor.name if solution.vendor_id else ""
    return {
        "title": solution.name,
        "summary": solution.description,
        "body": f"{vendor} {solution.category}".strip(),
        "attribution": vendor,
        "solution": [str(solution.pk)],
        "visibility": "public",
        "url": f"{base}?solution={solution.pk}" if base else "",
        "date": None,
    }


# --- Labels -----------------------------------------------------------------


def facet_labels(name: str, values: Iterable[str]) -> dict[str, str]:
    """Human labels (active language) for facet values; unknown values keep theirs."""
    from casestudies.models import Outcome, Solution, Stage
    from cop.taxonomy.models import Region, SizeBand, Theme

    values = [str(v) for v in values]
    labels: dict[str, str] = {}
    if name == "type":
        labels = {v: str(KIND_LABELS[v]) for v in values if v in KIND_LABELS}
    elif name == "theme":
        labels = {t.slug: t.name for t in Theme.objects.filter(slug__in=values)}
    elif name == "outcome":
        labels = {v: str(Outcome(v).label) for v in values if v in Outcome.values}
    elif name == "stage":
        labels = {v: str(Stage(v).label) for v in values if v in Stage.values}
    elif name == "region":
        labels = {r.code: r.name for r in Region.objects.filter(code__in=values)}
    elif name == "size":
        labels = {v: str(SizeBand(v).label) for v in values if v in SizeBand.values}
    elif name == "solution":
        pks = [int(v) for v in values if v.isdigit() and len(v) < 10]
        labels = {
            str(s.pk): s.name
            for s in Solution.objects.filter(pk__in=pks).select_related("vendor")
        }
    return {v: labels.get(v, v) for v in values}


def attribution_for_viewer(
    docs: Iterable[dict], viewer: Any
) -> dict[tuple[str, int], str]:
    """The attribution label each document's viewer may see, keyed by (kind, pk).

    Anonymous case studies show their real municipality only to moderators and
    to members of that municipality; the name comes from the database, never
    from the index. Threads show their theme's name.
    """
    from cop.taxonomy.models import Municipality, Theme

    docs = list(docs)
    reveal = {
        doc["municipality_id"]
        for doc in docs
        if doc.get("anonymous")
        and doc.get("municipality_id")
        and (
            viewer.is_moderator
            or (viewer.is_member and viewer.municipality_id == doc["municipality_id"])
        )
    }
    names = dict(Municipality.objects.filter(pk__in=reveal).values_list("pk", "name"))
    theme_slugs = {
        doc["theme"][0]
        for doc in docs
        if doc["kind"] == Kind.THREAD.value and doc.get("theme")
    }
    themes = {t.slug: t.name for t in Theme.objects.filter(slug__in=theme_slugs)}
    labels = {}
    for doc in docs:
        key = (doc["kind"], int(doc["pk"]))
        if doc["kind"] == Kind.THREAD.value:
            labels[key] = themes.get((doc.get("theme") or [""])[0], "")
        elif doc.get("municipality_id") in names:
            labels[key] = names[doc["municipality_id"]]
        else:
            labels[key] = doc.get("attribution", "")
    return labels
