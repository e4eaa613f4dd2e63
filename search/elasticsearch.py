"""The one place that talks to Elasticsearch's client library.

Nothing outside `search/` imports `elasticsearch` or `elasticsearch_dsl`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError

from search.analysis import ANALYSIS_SETTINGS


def get_client(
    urls: Sequence[str] | None = None, *, timeout: float | None = None
) -> Elasticsearch:
    """A client for the configured cluster (every node listed in ELASTICSEARCH_URL)."""
    hosts = list(urls or settings.ELASTICSEARCH_URLS)
    if not hosts:
        raise ValueError("No Elasticsearch URL configured (set ELASTICSEARCH_URL).")
    return Elasticsearch(
        hosts,
        request_timeout=timeout or settings.ELASTICSEARCH_TIMEOUT,
        retry_on_timeout=False,
        max_retries=1,
    )


def server_version(client: Elasticsearch) -> str:
    """The version of the node answering; read from the node info API because the
    distribution used in development has no root (`GET /`) endpoint."""
    nodes = client.nodes.info(node_id="_local", metric="_none")["nodes"]
    info = client.nodes.info(node_id=next(iter(nodes)))["nodes"]
    return next(iter(info.values()))["version"]


def analyze(
    client: Elasticsearch, *, index: str, analyzer: str, text: str
) -> list[str]:
    """Tokens that `analyzer` (defined in `index`) produces for `text`."""
    response = client.indices.analyze(index=index, analyzer=analyzer, text=text)
    return [token["token"] for token in response["tokens"]]


def create_index(
    client: Elasticsearch, name: str, *, mappings: dict | None = None
) -> None:
    """Create an index with Carrefour's French and English analysis chain."""
    client.indices.create(
        index=name,
        settings={"analysis": ANALYSIS_SETTINGS, "number_of_replicas": 0},
        mappings=mappings or {},
    )


def reachable_version(url: str, *, timeout: float = 2.0) -> str | None:
    """The server version at `url`, or None when no Elasticsearch answers there."""
    try:
        return server_version(get_client([url], timeout=timeout))
    except (TransportError, ApiError):
        return None
