"""Search fixtures shared by the Elasticsearch and database backend tests.

`search_backend` is parametrized over both backends; on Elasticsearch it uses
indices with a prefix of its own (deleted afterwards) and points the settings
at them, so `search.engine` and the indexing pipeline use the same indices.
After creating content, call `reindex(search_backend)` so both backends see it.
"""

from __future__ import annotations

import uuid

import pytest

from search.circuit import reset_all


def unique_prefix() -> str:
    return f"carrefour-test-{uuid.uuid4().hex[:10]}"


def reindex(backend) -> None:
    """Make everything in the database searchable on `backend`, now."""
    from wagtail.search import index

    from forums.models import Thread

    # Thread text lives in posts, which Wagtail's own index does not follow.
    for thread in Thread.objects.all():
        index.insert_or_update_object(thread)
    if backend.name == "elasticsearch":
        backend.reconcile()  # indexes what is missing, refreshes
    backend.refresh()


@pytest.fixture(autouse=True)
def _closed_circuits():
    """A test that trips the breaker must not refuse the next test's calls."""
    reset_all()
    yield
    reset_all()


@pytest.fixture
def es_backend(elasticsearch_node, settings, db):
    """An Elasticsearch backend on fresh indices, also used by the engine and
    the indexing pipeline (settings point at it)."""
    from search.backends.elasticsearch import ElasticsearchBackend

    prefix = unique_prefix()
    settings.ELASTICSEARCH_URLS = [elasticsearch_node]
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    backend = ElasticsearchBackend(urls=[elasticsearch_node], prefix=prefix, timeout=10)
    backend.ensure_indices()
    yield backend
    reset_all()
    backend.delete_indices()


@pytest.fixture
def db_backend(settings, db):
    from search.backends.database import DatabaseBackend

    settings.ELASTICSEARCH_URLS = []
    return DatabaseBackend()


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def search_backend(request, db):
    """Each backend in turn, configured as the primary one."""
    if request.param == "elasticsearch":
        return request.getfixturevalue("es_backend")
    return request.getfixturevalue("db_backend")


@pytest.fixture
def dead_es_backend(settings, db):
    """An Elasticsearch backend configured on a port where nothing answers."""
    from search.backends.elasticsearch import ElasticsearchBackend

    settings.ELASTICSEARCH_URLS = ["http://127.0.0.1:9"]
    settings.ELASTICSEARCH_INDEX_PREFIX = unique_prefix()
    return ElasticsearchBackend(timeout=0.5)
