"""The database search backend: Wagtail's database search for the text, the ORM
for filters and facets.

The embedded default (SQLite FTS5; PostgreSQL full-text in production without
Elasticsearch) and the fallback when Elasticsearch cannot answer. It returns
the same `SearchResults` shape as the Elasticsearch backend.

Permissions are applied to the queryset before the text search, so nothing a
viewer may not read can be counted, suggested or highlighted. Text reaches the
full-text engine only as plain words (see `search.snippets.query_terms`).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Model, Q, QuerySet
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from wagtail.search import index as wagtail_index
from wagtail.search.backends import get_search_backend

from casestudies.models import (
    Attribution,
    CaseStudyIndexPage,
    CaseStudyPage,
    Outcome,
    Solution,
    Stage,
    Visibility,
)
from cop.taxonomy.models import Region, SizeBand, Theme
from search.contract import (
    ALL_KINDS,
    FacetValue,
    Kind,
    ProgressCallback,
    SearchHit,
    SearchQuery,
    SearchResults,
    SimilarHit,
    Suggestion,
    Viewer,
)
from search.snippets import (
    STOP_WORDS,
    fold,
    make_snippet,
    query_terms,
    tokens,
)

logger = logging.getLogger(__name__)

MAX_MATCHES = 500  # text matches considered per content type
SIMILAR_CANDIDATES = 40  # per content type, before re-ranking
SIMILAR_TERMS = 14  # significant terms of the source text searched for
SIMILAR_DF_TERMS = 24  # distinct source terms whose rarity is measured
SIMILAR_MIN_SCORE = 0.12
TITLE_WEIGHT = 10.0  # a title holding every query word outranks body mentions


def _thread_model():
    from forums.models import Thread

    return Thread


def kind_label(kind: str) -> str:
    return {
        Kind.CASE_STUDY: _("Étude de cas"),
        Kind.THREAD: _("Discussion"),
        Kind.SOLUTION: _("Solution"),
    }.get(kind, kind)


# --- Per content type: what it is filtered and faceted on -----------------------


@dataclass(frozen=True)
class KindSpec:
    kind: str
    # facet name → ORM lookup holding that facet's value (None: not applicable)
    lookups: dict[str, str]
    date_field: str | None  # what ties in score are broken by (newest first)
    title_field: str = "title"

    def model(self) -> type[Model]:
        if self.kind == Kind.CASE_STUDY:
            return CaseStudyPage
        if self.kind == Kind.THREAD:
            return _thread_model()
        return Solution

    def base(self, viewer: Viewer) -> QuerySet:
        """What this viewer may find, before any text or filter."""
        if self.kind == Kind.CASE_STUDY:
            queryset = CaseStudyPage.objects.live()
            if not viewer.is_member:
                queryset = queryset.filter(visibility=Visibility.PUBLIC)
            return queryset
        if self.kind == Kind.THREAD:
            from forums.models import ThreadVisibility

            # Hidden threads stay out of search for everyone, moderators
            # included: they find them in the moderation queue.
            queryset = _thread_model().objects.filter(
                deleted_at__isnull=True, hidden=False
            )
            if not viewer.is_member:
                queryset = queryset.filter(visibility=ThreadVisibility.PUBLIC)
            return queryset
        return Solution.objects.all()


SPECS: dict[str, KindSpec] = {
    Kind.CASE_STUDY: KindSpec(
        Kind.CASE_STUDY,
        {
            "theme": "themes__slug",
            "outcome": "outcome",
            "stage": "stage",
            "region": "municipality__region__code",
            "size": "municipality__size_band",
            "solution": "solutions__pk",
            "year": "started__year",
        },
        "first_published_at",
    ),
    Kind.THREAD: KindSpec(
        Kind.THREAD,
        {
            "theme": "theme__slug",
            "solution": "related_solutions__pk",
            "year": "created_at__year",
        },
        "created_at",
    ),
    Kind.SOLUTION: KindSpec(Kind.SOLUTION, {"solution": "pk"}, None, "name"),
}
INTEGER_FACETS = frozenset({"solution", "year"})


def _clean_values(name: str, values: Iterable[str]) -> list[Any]:
    """Filter values as the database stores them; unknown ones are dropped
    (so they match nothing)."""
    if name in INTEGER_FACETS:
        cleaned = []
        for value in values:
            value = str(value).strip()
            if value.isascii() and value.isdigit() and len(value) <= 9:
                cleaned.append(int(value))
        return cleaned
    return [str(value) for value in values]


def _apply_filters(
    queryset: QuerySet, spec: KindSpec, filters: dict[str, tuple[str, ...]], skip: str
) -> QuerySet | None:
    """`queryset` narrowed by every filter but `skip`; None when a filter does
    not apply to this content type (it then has no results)."""
    for name, values in filters.items():
        if name in (skip, "type"):
            continue
        lookup = spec.lookups.get(name)
        if lookup is None:
            return None
        queryset = queryset.filter(**{f"{lookup}__in": _clean_values(name, values)})
    return queryset


# --- Text matching through Wagtail's database search ----------------------------


def _wagtail_backend():
    return get_search_backend("default")


def _text_matches(
    queryset: QuerySet, terms: list[str], *, operator: str = "and"
) -> dict[int, float]:
    """{pk: score} of the objects of `queryset` matching `terms` (higher is
    better), at most MAX_MATCHES. Syntax errors mean no match, never a 500."""
    if not terms:
        return {}
    text = " ".join(terms)
    try:
        with transaction.atomic():
            results = _wagtail_backend().search(
                text, queryset.only("pk"), operator=operator
            )
            rows = [
                (obj.pk, getattr(obj, "_score", 0.0) or 0.0)
                for obj in results.annotate_score("_score")[:MAX_MATCHES]
            ]
    except DatabaseError:
        logger.warning("Database full-text search refused %r", text, exc_info=True)
        return {}
    # SQLite's bm25() is negative, lower being better; PostgreSQL ranks are
    # positive, higher being better.
    sign = -1.0 if connection.vendor == "sqlite" else 1.0
    return {pk: sign * float(score) for pk, score in rows}


def _text_count(queryset: QuerySet, terms: list[str]) -> int:
    """How many objects of `queryset` hold any of `terms`."""
    try:
        with transaction.atomic():
            return (
                _wagtail_backend()
                .search(" ".join(terms), queryset.only("pk"), operator="or")
                .count()
            )
    except DatabaseError:
        logger.warning("Database full-text count refused %r", terms, exc_info=True)
        return 0


# SQLite's FTS5 table, read directly by similar(): one statement for every
# document frequency and a bounded ranked query instead of Wagtail's per-row
# score subqueries (seconds on thousands of documents). Elsewhere similar()
# goes through Wagtail's search API.
FTS_TABLE = "wagtailsearch_indexentry_fts"
SIMILAR_POOL = 400  # best text matches per content type, before permissions


def _fts_match(terms: list[str]) -> str:
    quoted = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return "{title body} : (" + quoted + ")"


def _fts_available() -> bool:
    return connection.vendor == "sqlite"


def _fts_document_frequencies(
    groups: list[list[str]],
) -> tuple[list[int], int] | None:
    """How many indexed documents hold any word of each group, and how many
    documents are indexed; None when FTS5 cannot be read directly.

    Counted over the whole index, as Elasticsearch's own term statistics are:
    a rarity weight only, every result is still permission-filtered."""
    from wagtail.search.models import IndexEntry

    if not groups:
        return None
    if connection.vendor == "postgresql":
        return _postgres_document_frequencies(groups)
    if not _fts_available():
        return None
    statement = " UNION ALL ".join(
        f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        for _group in groups
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [_fts_match(group) for group in groups])
            counts = [row[0] for row in cursor.fetchall()]
        population = IndexEntry.objects.count()
    except DatabaseError:
        logger.warning("FTS5 document frequencies refused", exc_info=True)
        return None
    return counts, population or 1


def _postgres_document_frequencies(
    groups: list[list[str]],
) -> tuple[list[int], int] | None:
    """The same counts on PostgreSQL, in one pass over Wagtail's index table
    (one count query per word took seconds per similar() call)."""
    filters = ", ".join(
        "count(*) FILTER (WHERE v @@ ("
        + " || ".join("plainto_tsquery(%s)" for _word in group)
        + "))"
        for group in groups
    )
    statement = (
        f"SELECT count(*), {filters} FROM "
        "(SELECT title || body AS v FROM wagtailsearch_indexentry) AS entries"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [word for group in groups for word in group])
            population, *counts = cursor.fetchone()
    except DatabaseError:
        logger.warning("PostgreSQL document frequencies refused", exc_info=True)
        return None
    return counts, population or 1


def _fts_candidates(
    kind: str, base: QuerySet, terms: list[str]
) -> dict[int, float] | None:
    """{pk: score} of the best matches of any of `terms` among `base` (at most
    SIMILAR_POOL ranked before the permission filter); None without FTS5."""
    from django.contrib.contenttypes.models import ContentType

    if not terms or not _fts_available():
        return None
    content_type = ContentType.objects.get_for_model(SPECS[kind].model())
    # FTS5 functions and MATCH need the table's own name, not an alias.
    statement = (
        f"SELECT e.object_id, -(bm25({FTS_TABLE}) * e.title_norm "
        f"+ bm25({FTS_TABLE})) AS score FROM {FTS_TABLE} "
        f"JOIN wagtailsearch_indexentry e ON {FTS_TABLE}.rowid = e.id "
        f"WHERE {FTS_TABLE} MATCH %s AND e.content_type_id = %s "
        "ORDER BY score DESC LIMIT %s"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                statement, [_fts_match(terms), content_type.pk, SIMILAR_POOL]
            )
            ranked = {int(pk): float(score) for pk, score in cursor.fetchall()}
    except (DatabaseError, ValueError):
        logger.warning("FTS5 similar query refused %r", terms, exc_info=True)
        return None
    allowed = set(base.filter(pk__in=list(ranked)).values_list("pk", flat=True))
    return {pk: score for pk, score in ranked.items() if pk in allowed}


def _title_of(obj: Model) -> str:
    return getattr(obj, "title", None) or getattr(obj, "name", "")


def _title_coverage(title: str, terms: list[str]) -> float:
    """Share of the query words that start a word of the title."""
    if not terms:
        return 0.0
    title_words = tokens(title)
    hits = sum(
        1 for term in terms if any(word.startswith(fold(term)) for word in title_words)
    )
    return hits / len(terms)


def _meaningful(terms: list[str]) -> list[str]:
    """Query words without stop words (all of them when only stop words)."""
    kept = [term for term in terms if fold(term) not in STOP_WORDS]
    return kept or terms


# --- Building hits ----------------------------------------------------------------


def _shows_real_municipality(page: CaseStudyPage, viewer: Viewer) -> bool:
    if page.attribution != Attribution.ANONYMOUS:
        return True
    return viewer.is_moderator or (
        viewer.is_member and viewer.municipality_id == page.municipality_id
    )


def case_attribution(page: CaseStudyPage, viewer: Viewer) -> str:
    if _shows_real_municipality(page, viewer):
        return page.municipality.name
    return str(page.anonymous_label)


def _safe_url(obj: Model) -> str:
    try:
        if isinstance(obj, CaseStudyPage):
            return obj.get_url() or ""
        if isinstance(obj, Solution):
            return _solution_url(obj.pk)
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def _solution_url(pk: int) -> str:
    listing = CaseStudyIndexPage.objects.live().first()
    url = listing.get_url() if listing else None
    return f"{url}?solution={pk}" if url else ""


def _case_texts(page: CaseStudyPage) -> list[str]:
    return [page.summary, page.problem, page.approach, page.worked, page.failed]


def _hit(obj: Model, kind: str, score: float, query: SearchQuery) -> SearchHit:
    viewer = query.viewer
    if kind == Kind.CASE_STUDY:
        date = obj.started or (
            obj.first_published_at.date() if obj.first_published_at else None
        )
        return SearchHit(
            kind=kind,
            pk=obj.pk,
            title=obj.title,
            url=_safe_url(obj),
            snippet=make_snippet(_case_texts(obj), query.text),
            score=score,
            external_id=obj.external_id or "",
            attribution=case_attribution(obj, viewer),
            outcome=obj.outcome,
            date=date,
            members_only=obj.visibility == Visibility.MEMBERS,
        )
    if kind == Kind.THREAD:
        return SearchHit(
            kind=kind,
            pk=obj.pk,
            title=obj.title,
            url=_safe_url(obj),
            snippet=make_snippet([obj.search_body()], query.text),
            score=score,
            attribution=obj.theme.name,
            date=obj.created_at.date(),
            members_only=obj.visibility != "public",
        )
    return SearchHit(
        kind=kind,
        pk=obj.pk,
        title=str(obj),
        url=_safe_url(obj),
        snippet=make_snippet([obj.description, obj.category], query.text),
        score=score,
        attribution=obj.vendor.name if obj.vendor_id else "",
    )


def _load(kind: str, pks: list[int]) -> dict[int, Model]:
    model = SPECS[kind].model()
    queryset = model.objects.filter(pk__in=pks)
    if kind == Kind.CASE_STUDY:
        queryset = queryset.select_related("municipality__region")
    elif kind == Kind.THREAD:
        queryset = queryset.select_related("theme")
    else:
        queryset = queryset.select_related("vendor")
    return {obj.pk: obj for obj in queryset}


# --- Facet labels -------------------------------------------------------------------


def _facet_labels(name: str, values: Iterable[Any]) -> dict[str, str]:
    values = list(values)
    if name == "type":
        return {v: str(kind_label(v)) for v in values}
    if name == "outcome":
        return {v: str(label) for v, label in Outcome.choices}
    if name == "stage":
        return {v: str(label) for v, label in Stage.choices}
    if name == "size":
        return {v: str(label) for v, label in SizeBand.choices}
    if name == "theme":
        return {t.slug: t.name for t in Theme.objects.filter(slug__in=values)}
    if name == "region":
        return {r.code: r.name for r in Region.objects.filter(code__in=values)}
    if name == "solution":
        ints = _clean_values(name, values)
        return {
            str(s.pk): str(s)
            for s in Solution.objects.filter(pk__in=ints).select_related("vendor")
        }
    return {str(v): str(v) for v in values}


def _facet_order(name: str, items: list[FacetValue]) -> list[FacetValue]:
    fixed = {
        "type": list(ALL_KINDS),
        "outcome": list(Outcome.values),
        "stage": list(Stage.values),
        "size": list(SizeBand.values),
    }
    if name in fixed:
        order = fixed[name]
        return sorted(
            items, key=lambda f: order.index(f.value) if f.value in order else 99
        )
    if name == "year":
        return sorted(items, key=lambda f: f.value, reverse=True)
    if name == "region":
        return sorted(items, key=lambda f: f.value)
    return sorted(items, key=lambda f: (-f.count, f.label.casefold()))


# --- The backend ----------------------------------------------------------------------


class DatabaseBackend:
    """`SearchBackend` over Wagtail's database search index and the ORM."""

    name = "database"

    # -- search --

    def search(self, query: SearchQuery) -> SearchResults:
        query = query.bounded()
        terms = _meaningful(query_terms(query.text))
        scope = [k for k in ALL_KINDS if not query.kinds or k in query.kinds]
        filters = dict(query.filters)
        type_filter = set(filters.get("type", ()))

        # Per kind: the permission-filtered, text-matched set (as a queryset).
        matched: dict[str, QuerySet] = {}
        scores: dict[str, dict[int, float]] = {}
        for kind in scope:
            spec = SPECS[kind]
            base = spec.base(query.viewer)
            if terms:
                found = _text_matches(base, terms)
                scores[kind] = found
                matched[kind] = spec.model().objects.filter(pk__in=list(found))
            else:
                scores[kind] = {}
                matched[kind] = base

        def narrowed(kind: str, skip: str) -> QuerySet | None:
            if skip != "type" and type_filter and kind not in type_filter:
                return None
            return _apply_filters(matched[kind], SPECS[kind], filters, skip)

        # Hits: every kind fully filtered, ranked together.
        ranked: list[tuple[float, str, int, str]] = []
        for kind in scope:
            queryset = narrowed(kind, skip="")
            if queryset is None:
                continue
            spec = SPECS[kind]
            fields = ["pk", spec.title_field, spec.date_field or "pk"]
            rows = queryset.order_by().values_list(*fields).distinct()
            top = max(scores[kind].values(), default=0.0) or 1.0
            for pk, title, date in rows:
                score = 0.0
                if terms:
                    text_score = max(0.0, scores[kind].get(pk, 0.0)) / abs(top)
                    coverage = _title_coverage(title, terms)
                    score = TITLE_WEIGHT * coverage + text_score
                when = str(date) if spec.date_field and date else ""
                ranked.append((score, when, pk, kind))
        ranked.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
        total = len(ranked)

        start = (query.page - 1) * query.per_page
        page_rows = ranked[start : start + query.per_page]
        loaded: dict[str, dict[int, Model]] = {}
        for kind in scope:
            pks = [pk for _s, _d, pk, k in page_rows if k == kind]
            loaded[kind] = _load(kind, pks) if pks else {}
        hits = [
            _hit(loaded[kind][pk], kind, score, query)
            for score, _d, pk, kind in page_rows
            if pk in loaded[kind]
        ]

        facets = {
            name: self._facet(name, scope, narrowed, filters) for name in query.facets
        }
        return SearchResults(
            query=query, total=total, hits=hits, facets=facets, backend=self.name
        )

    def _facet(self, name, scope, narrowed, filters) -> list[FacetValue]:
        """Counts with every other facet's filters applied (disjunctive)."""
        counts: Counter[str] = Counter()
        for kind in scope:
            queryset = narrowed(kind, skip=name)
            if queryset is None:
                continue
            if name == "type":
                counts[kind] += queryset.order_by().values("pk").distinct().count()
                continue
            lookup = SPECS[kind].lookups.get(name)
            if lookup is None:
                continue
            rows = (
                SPECS[kind]
                .model()
                .objects.filter(pk__in=queryset.values("pk"))
                .order_by()
                .values(lookup)
                .annotate(n=Count("pk", distinct=True))
            )
            for row in rows:
                if row[lookup] is not None:
                    counts[str(row[lookup])] += row["n"]
        selected = {str(v) for v in filters.get(name, ())}
        labels = _facet_labels(name, set(counts) | selected)
        items = [
            FacetValue(
                value=value,
                label=labels.get(value, value),
                count=counts.get(value, 0),
                selected=value in selected,
            )
            for value in set(counts) | (selected & set(labels))
            if counts.get(value, 0) > 0 or value in selected
        ]
        return _facet_order(name, items)

    # -- similar --

    def similar(
        self,
        *,
        text: str,
        viewer: Viewer,
        kinds: tuple[str, ...] = (),
        limit: int = 5,
        exclude: tuple[str, int] | None = None,
    ) -> list[SimilarHit]:
        """Content sharing the most significant words of `text`.

        Significant: not a stop word, at least three letters, weighted by
        rarity (inverse document frequency among what the viewer may see)."""
        from search.contract import SIMILAR_MAX_CHARS

        limit = min(max(1, int(limit)), 20)
        scope = [k for k in ALL_KINDS if not kinds or k in kinds]
        words = [
            word
            for word in tokens(text[:SIMILAR_MAX_CHARS])
            if len(word) >= 3 and word not in STOP_WORDS and not word.isdigit()
        ]
        if not words or not scope:
            return []
        frequency = Counter(_stem(word) for word in words)
        surface: dict[str, str] = {}
        for word in words:
            surface.setdefault(_stem(word), word)
        candidates_terms = [
            stem for stem, _n in frequency.most_common(SIMILAR_DF_TERMS)
        ]

        bases: dict[str, QuerySet] = {}
        for kind in scope:
            base = SPECS[kind].base(viewer)
            if exclude and exclude[0] == kind:
                base = base.exclude(pk=exclude[1])
            bases[kind] = base

        counted = _fts_document_frequencies(
            [_variants(surface[stem]) for stem in candidates_terms]
        )
        if counted is None:  # no direct FTS access: count through Wagtail
            population = sum(base.count() for base in bases.values()) or 1
            counted = (
                [
                    sum(
                        _text_count(base, _variants(surface[stem]))
                        for base in bases.values()
                    )
                    for stem in candidates_terms
                ],
                population,
            )
        frequencies, population = counted
        weights: dict[str, float] = {}
        for stem, df in zip(candidates_terms, frequencies, strict=True):
            if df == 0:
                continue  # a word nobody else used cannot make a match
            weights[stem] = frequency[stem] * math.log(1 + population / df)
        top = sorted(weights, key=weights.get, reverse=True)[:SIMILAR_TERMS]
        if not top:
            return []
        total_weight = sum(weights[stem] for stem in top)
        search_terms = [v for stem in top for v in _variants(surface[stem])]

        scored: list[tuple[float, str, Model]] = []
        for kind, base in bases.items():
            found = _fts_candidates(kind, base, search_terms)
            if found is None:
                found = _text_matches(base, search_terms, operator="or")
            best = sorted(found, key=found.get, reverse=True)[:SIMILAR_CANDIDATES]
            for obj in _load(kind, best).values():
                title_stems = {_stem(w) for w in tokens(_title_of(obj))}
                body_stems = {_stem(w) for w in tokens(" ".join(_texts_of(obj, kind)))}
                overlap = 0.0
                for stem in top:
                    if stem in title_stems:
                        overlap += 1.5 * weights[stem]
                    elif stem in body_stems:
                        overlap += weights[stem]
                score = overlap / total_weight
                if score >= SIMILAR_MIN_SCORE:
                    scored.append((score, kind, obj))
        scored.sort(key=lambda row: (row[0], row[2].pk), reverse=True)
        return [
            _similar_hit(obj, kind, round(score, 4), viewer)
            for score, kind, obj in scored[:limit]
        ]

    # -- suggest --

    def suggest(
        self, prefix: str, *, viewer: Viewer, limit: int = 8
    ) -> list[Suggestion]:
        """Titles with a word starting with `prefix`, among what `viewer` may see."""
        limit = min(max(1, int(limit)), 20)
        words = query_terms(prefix[:100])
        if not words:
            return []
        needle = " ".join(words) if len(words) > 1 else words[0]
        suggestions: list[tuple[int, int, Suggestion]] = []
        for kind in ALL_KINDS:
            spec = SPECS[kind]
            field = spec.title_field
            condition = Q(**{f"{field}__istartswith": needle})
            for separator in (" ", "-", "'", "’", "("):
                condition |= Q(**{f"{field}__icontains": separator + needle})
            queryset = spec.base(viewer).filter(condition).order_by(field)[:limit]
            for obj in queryset:
                title = _title_of(obj)
                starts = 0 if fold(title).startswith(fold(needle)) else 1
                suggestions.append(
                    (
                        starts,
                        len(title),
                        Suggestion(text=str(title), kind=kind, url=_safe_url(obj)),
                    )
                )
        suggestions.sort(key=lambda row: (row[0], row[1]))
        return [s for _a, _b, s in suggestions[:limit]]

    # -- indexing --

    def index_objects(self, objects: Iterable[Any]) -> None:
        for obj in objects:
            wagtail_index.insert_or_update_object(obj)

    def delete(self, kind: str, pk: int) -> None:
        spec = SPECS.get(kind)
        if spec is None:
            return
        obj = spec.model()(pk=pk)
        _wagtail_backend().delete(obj)

    def rebuild(self, *, progress: ProgressCallback | None = None) -> int:
        """Reindex every case study, thread and solution; returns the count."""
        querysets = [
            CaseStudyPage.objects.live().specific(),
            _thread_model().objects.filter(deleted_at__isnull=True),
            Solution.objects.all(),
        ]
        total = sum(queryset.count() for queryset in querysets)
        done = 0
        backend = _wagtail_backend()
        for queryset in querysets:
            model = queryset.model
            index = backend.get_index_for_model(model)
            index.add_model(model)
            # Drop entries of objects that are gone or no longer searchable.
            entries = _index_entries(model)
            entries.exclude(
                object_id__in=[str(pk) for pk in queryset.values_list("pk", flat=True)]
            ).delete()
            batch: list[Model] = []
            for obj in queryset.iterator(chunk_size=200):
                batch.append(obj)
                if len(batch) >= 200:
                    index.add_items(model, batch)
                    done += len(batch)
                    batch = []
                    if progress:
                        progress(done, total)
            if batch:
                index.add_items(model, batch)
                done += len(batch)
                if progress:
                    progress(done, total)
        return done

    def refresh(self) -> None:
        """Database writes are visible at once."""


def _index_entries(model: type[Model]) -> QuerySet:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    )


def _stem(word: str) -> str:
    """A light plural folding so « agents » meets « agent »."""
    if len(word) > 4 and word[-1] in "sx" and word[-2] not in "su":
        return word[:-1]
    return word


def _variants(word: str) -> list[str]:
    stem = _stem(word)
    return [word] if stem == word else [word, stem]


def _texts_of(obj: Model, kind: str) -> list[str]:
    if kind == Kind.CASE_STUDY:
        return [obj.summary, obj.problem, obj.approach]
    if kind == Kind.THREAD:
        return [obj.search_body()[:SIMILAR_BODY_CHARS]]
    return [obj.description, obj.category]


SIMILAR_BODY_CHARS = 5_000


def _similar_hit(obj: Model, kind: str, score: float, viewer: Viewer) -> SimilarHit:
    if kind == Kind.CASE_STUDY:
        return SimilarHit(
            kind=kind,
            pk=obj.pk,
            title=obj.title,
            url=_safe_url(obj),
            score=score,
            external_id=obj.external_id or "",
            outcome=obj.outcome,
            attribution=case_attribution(obj, viewer),
        )
    if kind == Kind.THREAD:
        return SimilarHit(
            kind=kind,
            pk=obj.pk,
            title=obj.title,
            url=_safe_url(obj),
            score=score,
            attribution=obj.theme.name,
        )
    return SimilarHit(
        kind=kind,
        pk=obj.pk,
        title=str(obj),
        url=_safe_url(obj),
        score=score,
        attribution=obj.vendor.name if obj.vendor_id else "",
    )
