"""The Elasticsearch backend: French-aware search, facets, highlights, similar
content and autocomplete over one index per kind behind aliases.

Every call to the cluster goes through `_call`, which turns connection errors,
timeouts, server errors and an open circuit into `SearchUnavailable`, so the
engine can answer from the database instead. Searches use the short
ELASTICSEARCH_TIMEOUT; writes and index management allow longer.

Facets follow the usual faceted-search rule: hits and totals honour every
selected filter (applied as a `post_filter`), while each facet's counts honour
the filters of the *other* facets, so several values of one facet can be
combined (OR) and the counts say how many results picking a value would add.
Permission and content-type filters apply to everything, so a visitor's counts
never include members-only documents.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import bulk, scan
from elasticsearch_dsl import A, Q, Search

from search import sources
from search.analysis import ANALYSIS_SETTINGS
from search.circuit import breaker_for
from search.contract import (
    ALL_KINDS,
    FacetValue,
    ProgressCallback,
    SearchHit,
    SearchQuery,
    SearchResults,
    SimilarHit,
    Suggestion,
    Viewer,
)
from search.documents import SIMILAR_FIELDS, TEXT_BOOSTS, mapping_for
from search.elasticsearch import get_client
from search.engine import SearchUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

ADMIN_TIMEOUT = 60.0  # bulk writes, rebuilds, reconcile
BULK_CHUNK = 200
FACET_SIZES = {"solution": 100, "year": 50, "theme": 100}
FACET_FIELDS = {"type": "kind"}  # facet name → field, when they differ
SNIPPET_FIELDS = (
    "summary",
    "problem",
    "approach",
    "worked",
    "failed",
    "advice",
    "body",
    "municipality",
    "title",
)
SNIPPET_CHARS = 240
SUGGEST_MIN_CHARS = 2
# Measured on the duplicate corpora (tests/search/test_duplicates_corpus.py):
# without the title clause 60 % of the pairs are found in the top 5, with it
# 100 %; a 10 % term floor lets short drafts match.
SIMILAR_TUNING: dict[str, Any] = {
    "max_query_terms": 40,
    "minimum_should_match": "10%",
    "title_boost": 3,
}

_clients: dict[tuple, Elasticsearch] = {}
_clients_lock = threading.Lock()


def _client_for(urls: tuple[str, ...], timeout: float) -> Elasticsearch:
    """One client (and connection pool) per cluster and timeout, per process."""
    with _clients_lock:
        key = (urls, timeout)
        if key not in _clients:
            _clients[key] = get_client(list(urls), timeout=timeout)
        return _clients[key]


@dataclass
class KindDrift:
    kind: str
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


@dataclass
class ReconcileReport:
    kinds: list[KindDrift]
    dry_run: bool
    retried: int = 0  # pending updates cleared because reconcile covered them

    @property
    def clean(self) -> bool:
        return all(drift.clean for drift in self.kinds)


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(
        self,
        urls: Iterable[str] | None = None,
        prefix: str | None = None,
        timeout: float | None = None,
    ):
        self.urls = tuple(urls or settings.ELASTICSEARCH_URLS)
        if not self.urls:
            raise ValueError("No Elasticsearch URL configured (ELASTICSEARCH_URL).")
        self.prefix = (prefix or settings.ELASTICSEARCH_INDEX_PREFIX).lower()
        self.timeout = float(timeout or settings.ELASTICSEARCH_TIMEOUT)
        self.client = _client_for(self.urls, self.timeout)
        self.breaker = breaker_for(self.urls)

    # --- Names ------------------------------------------------------------

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def _aliases(self, kinds: Iterable[str] = ()) -> str:
        return ",".join(self.alias(kind) for kind in (tuple(kinds) or ALL_KINDS))

    def _new_index_name(self, kind: str) -> str:
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias(kind)}-{stamp}"

    @property
    def _admin(self) -> Elasticsearch:
        return self.client.options(request_timeout=ADMIN_TIMEOUT)

    # --- Guard ----------------------------------------------------------------

    def _call(self, fn: Callable[[], T], *, what: str) -> T:
        """Run one cluster call; anything that means "cannot answer" becomes
        SearchUnavailable, and counts towards the circuit breaker."""
        if not self.breaker.allow():
            raise SearchUnavailable(f"{what}: circuit open for {self.urls}")
        try:
            result = fn()
        except ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                self.breaker.record_failure()
            else:
                # A request the cluster refused (a bug on our side): the node
                # is fine, so the circuit stays closed, but the page must not fail.
                self.breaker.record_success()
                logger.error("Elasticsearch refused %s: %s", what, exc)
            raise SearchUnavailable(f"{what}: {exc}") from exc
        except TransportError as exc:
            self.breaker.record_failure()
            raise SearchUnavailable(f"{what}: {exc}") from exc
        except BulkRejected as exc:
            logger.error("Elasticsearch rejected documents in %s: %s", what, exc)
            raise SearchUnavailable(f"{what}: {exc}") from exc
        self.breaker.record_success()
        return result

    # --- Index management -------------------------------------------------

    def _alias_targets(self, kind: str) -> list[str]:
        try:
            return sorted(self._admin.indices.get_alias(name=self.alias(kind)).body)
        except NotFoundError:
            return []

    def _create_index(self, kind: str, *, with_alias: bool = False) -> str:
        name = self._new_index_name(kind)
        self._admin.indices.create(
            index=name,
            settings={
                "analysis": ANALYSIS_SETTINGS,
                "number_of_shards": 1,
                "number_of_replicas": 0,
            },
            mappings=mapping_for(kind),
            aliases={self.alias(kind): {}} if with_alias else None,
        )
        return name

    def _point_alias(self, kind: str, index: str) -> list[str]:
        """Move the alias to `index` in one atomic call; return the old targets."""
        alias = self.alias(kind)
        old = [name for name in self._alias_targets(kind) if name != index]
        actions: list[dict] = [
            {"remove": {"index": name, "alias": alias}} for name in old
        ]
        if self._admin.indices.exists(index=alias) and not old:
            # A concrete index squats the alias name (auto-created by a stray
            # write): replace it in the same atomic call.
            actions.append({"remove_index": {"index": alias}})
        actions.append({"add": {"index": index, "alias": alias}})
        self._admin.indices.update_aliases(actions=actions)
        return old

    def ensure_indices(self, kinds: Iterable[str] = ALL_KINDS) -> None:
        """Create a versioned index behind each missing alias (idempotent)."""

        def ensure() -> None:
            for kind in kinds:
                if self._alias_targets(kind):
                    continue
                if self._admin.indices.exists(index=self.alias(kind)):
                    self._point_alias(kind, self._create_index(kind))
                else:
                    self._create_index(kind, with_alias=True)

        self._call(ensure, what="ensure indices")

    def delete_indices(self) -> None:
        """Remove every index of this prefix (tests, tearing down an environment)."""

        def delete() -> None:
            for kind in ALL_KINDS:
                for name in self._alias_targets(kind):
                    self._admin.indices.delete(index=name, ignore_unavailable=True)
                self._admin.indices.delete(
                    index=self.alias(kind), ignore_unavailable=True
                )

        self._call(delete, what="delete indices")

    def refresh(self) -> None:
        self._call(
            lambda: self._admin.indices.refresh(
                index=self._aliases(), ignore_unavailable=True, allow_no_indices=True
            ),
            what="refresh",
        )

    # --- Writes ---------------------------------------------------------------

    def _bulk(self, actions: Iterable[dict]) -> int:
        """Send bulk actions; a delete of a missing document is not an error."""
        done, errors = bulk(
            self._admin, actions, chunk_size=BULK_CHUNK, raise_on_error=False
        )
        real = [
            error
            for error in errors
            if not ("delete" in error and error["delete"].get("status") == 404)
        ]
        if real:
            raise BulkRejected(f"{len(real)} bulk errors, first: {real[0]}")
        return done

    def _index_action(self, kind: str, doc: dict) -> dict:
        return {"_index": self.alias(kind), "_id": str(doc["pk"]), "_source": doc}

    def _delete_action(self, kind: str, pk: int) -> dict:
        return {"_op_type": "delete", "_index": self.alias(kind), "_id": str(pk)}

    def index_objects(self, objects: Iterable[Any]) -> None:
        """Index each object as the database has it now (or remove it from the
        index when it is no longer indexable: unpublished, hidden, deleted)."""
        actions = []
        kinds = set()
        for obj in objects:
            kind = sources.kind_of(getattr(obj, "specific", obj))
            if kind is None:
                continue
            kinds.add(kind)
            current = sources.load(kind, obj.pk)
            if current is None:
                actions.append(self._delete_action(kind, obj.pk))
            else:
                actions.append(self._index_action(kind, sources.document_for(current)))
        if actions:
            self.ensure_indices(sorted(kinds))
            self._call(lambda: self._bulk(actions), what="index")

    def delete(self, kind: str, pk: int) -> None:
        self.ensure_indices([kind])
        self._call(lambda: self._bulk([self._delete_action(kind, pk)]), what="delete")

    def rebuild(
        self,
        *,
        progress: ProgressCallback | None = None,
        kinds: Iterable[str] = ALL_KINDS,
    ) -> int:
        """Fill new indices from the database, then swap each alias atomically.

        Searches keep using the old index until the swap; writes made during
        the rebuild are caught up by a reconcile of the kind right after it.
        """
        kinds = tuple(kinds)
        total = sum(sources.indexable(kind).count() for kind in kinds)
        done = 0
        if progress:
            progress(0, total)
        for kind in kinds:
            new_index = self._call(
                lambda kind=kind: self._create_index(kind), what="create index"
            )
            try:
                done = self._fill(kind, new_index, done, total, progress)
                old = self._call(
                    lambda kind=kind, i=new_index: self._point_alias(kind, i),
                    what="swap alias",
                )
            except BaseException:
                # Failed or interrupted (Ctrl-C included) before the swap:
                # searches still use the old index, the new one is clutter.
                self._drop_unused_index(kind, new_index)
                raise
            for name in old:
                self._call(
                    lambda n=name: self._admin.indices.delete(
                        index=n, ignore_unavailable=True
                    ),
                    what="delete old index",
                )
            self.reconcile(kinds=(kind,), clear_pending=False)
            if progress:
                progress(min(done, total), total)
        return done

    def _fill(
        self,
        kind: str,
        index: str,
        done: int,
        total: int,
        progress: ProgressCallback | None,
    ) -> int:
        """Bulk every indexable `kind` document into `index`, then refresh it;
        returns the running count of documents sent."""
        batch: list[dict] = []
        for doc in sources.iter_documents(kind):
            batch.append({"_index": index, "_id": str(doc["pk"]), "_source": doc})
            if len(batch) >= BULK_CHUNK:
                done += self._call(lambda b=batch: self._bulk(b), what="rebuild")
                batch = []
                if progress:
                    progress(min(done, total), total)
        if batch:
            done += self._call(lambda b=batch: self._bulk(b), what="rebuild")
            if progress:
                progress(min(done, total), total)
        self._call(lambda: self._admin.indices.refresh(index=index), what="refresh")
        return done

    def _drop_unused_index(self, kind: str, index: str) -> None:
        """Delete a new index unless the alias points to it (a swap that timed
        out may still have happened); best effort: the node may be the reason
        the rebuild failed."""
        try:
            if index not in self._alias_targets(kind):
                self._admin.indices.delete(index=index, ignore_unavailable=True)
        except (ApiError, TransportError):
            logger.warning("Could not delete the unused index %s", index, exc_info=True)

    # --- Drift ------------------------------------------------------------------

    def indexed_versions(self, kind: str) -> dict[int, str]:
        """Every document of `kind` in the index: pk → version."""

        def read() -> dict[int, str]:
            return {
                int(hit["_id"]): hit["_source"].get("version", "")
                for hit in scan(
                    self._admin,
                    index=self.alias(kind),
                    query={"query": {"match_all": {}}, "_source": ["version"]},
                    ignore_unavailable=True,
                )
            }

        return self._call(read, what="read index versions")

    def reconcile(
        self,
        *,
        dry_run: bool = False,
        kinds: Iterable[str] = ALL_KINDS,
        clear_pending: bool = True,
    ) -> ReconcileReport:
        """Compare ids and versions between the database and the index; unless
        `dry_run`, index what is missing or stale and delete what is orphaned."""
        from search.models import PendingIndexUpdate

        started = timezone.now()
        kinds = tuple(kinds)
        if not dry_run:
            self.ensure_indices(kinds)
        report = ReconcileReport(kinds=[], dry_run=dry_run)
        for kind in kinds:
            in_db = {doc["pk"]: doc["version"] for doc in sources.iter_documents(kind)}
            in_index = self.indexed_versions(kind)
            drift = KindDrift(
                kind=kind,
                missing=sorted(set(in_db) - set(in_index)),
                stale=sorted(
                    pk for pk in set(in_db) & set(in_index) if in_db[pk] != in_index[pk]
                ),
                orphaned=sorted(set(in_index) - set(in_db)),
            )
            report.kinds.append(drift)
            if dry_run or drift.clean:
                continue
            self._call(
                lambda kind=kind, drift=drift: self._bulk(
                    self._repair_actions(kind, drift)
                ),
                what="reconcile",
            )
        if not dry_run:
            self.refresh()
            if clear_pending:
                # Everything queued before this pass is now in the index.
                report.retried, _ = PendingIndexUpdate.objects.filter(
                    kind__in=kinds, updated_at__lte=started
                ).delete()
        return report

    def _repair_actions(self, kind: str, drift: KindDrift) -> Iterator[dict]:
        wanted = drift.missing + drift.stale
        for start in range(0, len(wanted), BULK_CHUNK):
            chunk = wanted[start : start + BULK_CHUNK]
            for obj in sources.indexable(kind).filter(pk__in=chunk):
                yield self._index_action(kind, sources.document_for(obj))
        for pk in drift.orphaned:
            yield self._delete_action(kind, pk)

    def status(self) -> list[dict]:
        """Per kind: indexable objects in the database, documents in the index,
        the index the alias points to, and updates waiting for a retry."""
        return [self.status_of(kind) for kind in ALL_KINDS]

    def status_of(self, kind: str) -> dict:
        from search.models import PendingIndexUpdate

        targets = self._call(lambda: self._alias_targets(kind), what="status")
        count = 0
        if targets:
            count = self._call(
                lambda: self._admin.count(index=self.alias(kind))["count"],
                what="count",
            )
        return {
            "kind": kind,
            "alias": self.alias(kind),
            "indices": targets,
            "in_database": sources.indexable(kind).count(),
            "in_index": count,
            "pending": PendingIndexUpdate.objects.filter(kind=kind).count(),
        }

    # --- Reads ------------------------------------------------------------------

    def _visible(self, viewer: Viewer, kinds: Iterable[str]) -> list[Q]:
        filters = [Q("terms", kind=list(kinds) or list(ALL_KINDS))]
        if not viewer.is_member:
            filters.append(Q("term", visibility="public"))
        return filters

    def _search(self, kinds: Iterable[str]) -> Search:
        return Search(using=self.client, index=self._aliases(kinds)).params(
            ignore_unavailable=True, allow_no_indices=True
        )

    @staticmethod
    def _text_query(text: str, language: str) -> Q:
        english_boost = 1.0 if language == "en" else 0.7
        fields = [f"{name}^{boost}" for name, boost in TEXT_BOOSTS.items()]
        fields += [
            f"{name}.en^{boost * english_boost:g}"
            for name, boost in TEXT_BOOSTS.items()
        ]
        return Q(
            "bool",
            must=[
                Q(
                    "multi_match",
                    query=text,
                    fields=fields,
                    type="cross_fields",
                    operator="or",
                    minimum_should_match="2<75%",
                )
            ],
            should=[
                Q(
                    "multi_match",
                    query=text,
                    fields=["title^4", "summary^2", "title.en^2"],
                    type="phrase",
                    slop=2,
                )
            ],
        )

    @staticmethod
    def _facet_filter(name: str, values: tuple[str, ...]) -> Q:
        return Q("terms", **{FACET_FIELDS.get(name, name): list(values)})

    def search(self, query: SearchQuery) -> SearchResults:
        query = query.bounded()
        base = self._visible(query.viewer, query.kinds)
        search = self._search(query.kinds).extra(track_total_hits=True)
        if query.text:
            search = search.query(
                Q(
                    "bool",
                    must=[self._text_query(query.text, query.language)],
                    filter=base,
                )
            )
            fields = [*SNIPPET_FIELDS, *(f"{name}.en" for name in SNIPPET_FIELDS)]
            search = search.highlight_options(
                encoder="html",
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                number_of_fragments=1,
                fragment_size=SNIPPET_CHARS,
            ).highlight(*fields)
        else:
            search = search.query(Q("bool", filter=base)).sort(
                {"date": {"order": "desc", "missing": "_last"}}, "_score"
            )
        selected = {
            name: self._facet_filter(name, values)
            for name, values in query.filters.items()
        }
        if selected:
            search = search.post_filter(Q("bool", filter=list(selected.values())))
        for name in query.facets:
            others = [q for other, q in selected.items() if other != name]
            agg = A("filter", Q("bool", filter=others) if others else Q("match_all"))
            agg.bucket(
                "values",
                "terms",
                field=FACET_FIELDS.get(name, name),
                size=FACET_SIZES.get(name, 30),
            )
            search.aggs.bucket(name, agg)
        start = (query.page - 1) * query.per_page
        search = search[start : start + query.per_page]
        response = self._call(search.execute, what="search")
        hits_source = [(hit.meta, hit.to_dict()) for hit in response]
        labels = sources.attribution_for_viewer(
            [doc for _, doc in hits_source], query.viewer
        )
        hits = [
            self._hit(meta, doc, labels.get((doc["kind"], int(doc["pk"])), ""))
            for meta, doc in hits_source
        ]
        facets = self._facets(response, query)
        total = response.hits.total.value
        return SearchResults(
            query=query, total=total, hits=hits, facets=facets, backend=self.name
        )

    @staticmethod
    def _snippet(meta: Any, doc: dict) -> str:
        highlight = getattr(meta, "highlight", None)
        if highlight is not None:
            found = highlight.to_dict()
            for name in SNIPPET_FIELDS:
                for key in (name, f"{name}.en"):
                    if found.get(key):
                        return found[key][0]
        text = doc.get("summary") or doc.get("problem") or doc.get("body") or ""
        if len(text) > SNIPPET_CHARS:
            text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        return escape(text)

    def _hit(self, meta: Any, doc: dict, attribution: str) -> SearchHit:
        return SearchHit(
            kind=doc["kind"],
            pk=int(doc["pk"]),
            title=doc.get("title", ""),
            url=doc.get("url", ""),
            snippet=self._snippet(meta, doc),
            score=float(meta.score or 0.0),
            external_id=doc.get("external_id", ""),
            attribution=attribution,
            outcome=(doc.get("outcome") or [""])[0],
            date=_parse_date(doc.get("date")),
            members_only=doc.get("visibility") != "public",
        )

    @staticmethod
    def _facets(response: Any, query: SearchQuery) -> dict[str, list[FacetValue]]:
        facets: dict[str, list[FacetValue]] = {}
        aggregations = response.aggregations.to_dict() if query.facets else {}
        for name in query.facets:
            buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
            counts = {str(b["key"]): b["doc_count"] for b in buckets if b["doc_count"]}
            labels = sources.facet_labels(name, counts)
            chosen = set(query.filters.get(name, ()))
            values = [
                FacetValue(
                    value=value,
                    label=labels[value],
                    count=count,
                    selected=value in chosen,
                )
                for value, count in counts.items()
            ]
            if name == "year":
                values.sort(key=lambda v: v.value, reverse=True)
            facets[name] = values
        return facets

    @staticmethod
    def _similar_query(text: str, like: list[Any]) -> Q:
        """`more_like_this` over the descriptive fields, plus the first line of
        the text (a title, as the duplicate warning sends it) against titles:
        the same product described differently is still a duplicate."""
        fields = [*SIMILAR_FIELDS, *(f"{name}.en" for name in SIMILAR_FIELDS)]
        should = [
            Q(
                "more_like_this",
                fields=fields,
                like=like,
                min_term_freq=1,
                min_doc_freq=1,
                max_query_terms=SIMILAR_TUNING["max_query_terms"],
                minimum_should_match=SIMILAR_TUNING["minimum_should_match"],
                include=False,
            )
        ]
        title = text.split("\n", 1)[0].strip()[:300]
        if title and SIMILAR_TUNING["title_boost"]:
            should.append(
                Q(
                    "multi_match",
                    query=title,
                    fields=["title", "title.en"],
                    type="most_fields",
                    boost=SIMILAR_TUNING["title_boost"],
                )
            )
        return Q("bool", should=should, minimum_should_match=1)

    def similar(
        self,
        *,
        text: str,
        viewer: Viewer,
        kinds: tuple[str, ...] = (),
        limit: int = 5,
        exclude: tuple[str, int] | None = None,
    ) -> list[SimilarHit]:
        from search.contract import SIMILAR_MAX_CHARS

        text = "".join(
            ch
            for ch in (text or "")[:SIMILAR_MAX_CHARS]
            if ch.isprintable() or ch in "\n "
        ).strip()
        kinds = tuple(k for k in kinds if k in ALL_KINDS)
        limit = min(max(1, int(limit)), 20)
        like: list[Any] = [text] if text else []
        if exclude and not text:
            like.append({"_index": self.alias(exclude[0]), "_id": str(exclude[1])})
        if not like:
            return []
        query = self._similar_query(text, like)
        must_not = []
        if exclude:
            must_not.append(
                Q(
                    "bool",
                    filter=[
                        Q("term", kind=exclude[0]),
                        Q("term", pk=int(exclude[1])),
                    ],
                )
            )
        search = self._search(kinds).query(
            Q(
                "bool",
                must=[query],
                filter=self._visible(viewer, kinds),
                must_not=must_not,
            )
        )[:limit]
        response = self._call(search.execute, what="similar")
        docs = [(hit.meta, hit.to_dict()) for hit in response]
        labels = sources.attribution_for_viewer([doc for _, doc in docs], viewer)
        return [
            SimilarHit(
                kind=doc["kind"],
                pk=int(doc["pk"]),
                title=doc.get("title", ""),
                url=doc.get("url", ""),
                score=float(meta.score or 0.0),
                external_id=doc.get("external_id", ""),
                outcome=(doc.get("outcome") or [""])[0],
                attribution=labels.get((doc["kind"], int(doc["pk"])), ""),
            )
            for meta, doc in docs
        ]

    def suggest(
        self, prefix: str, *, viewer: Viewer, limit: int = 8
    ) -> list[Suggestion]:
        prefix = "".join(ch for ch in (prefix or "")[:100] if ch.isprintable()).strip()
        limit = min(max(1, int(limit)), 20)
        if len(prefix) < SUGGEST_MIN_CHARS:
            return []
        search = (
            self._search(())
            .query(
                Q(
                    "bool",
                    must=[
                        Q("match", **{"title.ac": {"query": prefix, "operator": "and"}})
                    ],
                    should=[Q("match_phrase_prefix", title={"query": prefix})],
                    filter=self._visible(viewer, ()),
                )
            )
            .source(["kind", "title", "url"])[: limit * 2]
        )
        response = self._call(search.execute, what="suggest")
        seen: set[str] = set()
        suggestions = []
        for hit in response:
            key = hit.title.casefold()
            if key in seen:
                continue
            seen.add(key)
            suggestions.append(Suggestion(text=hit.title, kind=hit.kind, url=hit.url))
        return suggestions[:limit]


class BulkRejected(Exception):
    """Bulk items the cluster rejected (reported per item, not as an HTTP error)."""


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
