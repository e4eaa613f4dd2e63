"""Which backend answers, and what happens when Elasticsearch cannot.

Views, the JSON API, the admin duplicate panel and the forums call these
functions, never a backend directly. With ELASTICSEARCH_URL set the
Elasticsearch backend answers; when it raises `SearchUnavailable` (down, slow,
circuit open) the database backend answers instead and the results say so.
"""

from __future__ import annotations

import logging

from search.contract import (
    SearchBackend,
    SearchQuery,
    SearchResults,
    SimilarHit,
    Suggestion,
    Viewer,
)

logger = logging.getLogger(__name__)


class SearchUnavailable(Exception):
    """The configured Elasticsearch cluster cannot answer right now."""


def database_backend() -> SearchBackend:
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()


def elasticsearch_backend():
    """The Elasticsearch backend when ELASTICSEARCH_URL is set, else None.

    Its calls raise `SearchUnavailable` when the cluster is down, slower than
    ELASTICSEARCH_TIMEOUT, or when its circuit breaker (search/circuit.py) is
    open after repeated failures, so a dead node costs one fast refusal per
    request instead of a timeout.
    """
    from django.conf import settings

    if not settings.ELASTICSEARCH_URLS:
        return None
    from search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend()


def primary_backend() -> SearchBackend:
    """The backend settings choose (not health-checked)."""
    return elasticsearch_backend() or database_backend()


def run_search(query: SearchQuery) -> SearchResults:
    query = query.bounded()
    backend = primary_backend()
    try:
        return backend.search(query)
    except SearchUnavailable as exc:
        logger.warning("Search fell back to the database: %s", exc)
    results = database_backend().search(query)
    results.fallback = True
    return results


def find_similar(
    *,
    text: str,
    viewer: Viewer,
    kinds: tuple[str, ...] = (),
    limit: int = 5,
    exclude: tuple[str, int] | None = None,
) -> list[SimilarHit]:
    kwargs = {"text": text, "viewer": viewer, "kinds": kinds, "limit": limit}
    try:
        return primary_backend().similar(**kwargs, exclude=exclude)
    except SearchUnavailable as exc:
        logger.warning("Similar fell back to the database: %s", exc)
    return database_backend().similar(**kwargs, exclude=exclude)


def suggest(prefix: str, *, viewer: Viewer, limit: int = 8) -> list[Suggestion]:
    try:
        return primary_backend().suggest(prefix, viewer=viewer, limit=limit)
    except SearchUnavailable as exc:
        logger.warning("Suggest fell back to the database: %s", exc)
    return database_backend().suggest(prefix, viewer=viewer, limit=limit)
