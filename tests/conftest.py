"""Shared fixtures: users by role, the site root, and the real Elasticsearch node."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import (
    MunicipalityFactory,
    UserFactory,
    ensure_case_study_index,
    ensure_site_root,
    give_profile,
)

ROOT = Path(__file__).resolve().parent.parent
ES_SCRIPT = ROOT / "scripts" / "elasticsearch"
ES_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9200")


def _es_version_or_none() -> str | None:
    from search.elasticsearch import reachable_version

    return reachable_version(ES_TEST_URL)


def pytest_report_header(config):
    version = _es_version_or_none()
    if version:
        return f"Elasticsearch: {version} at {ES_TEST_URL}"
    return f"Elasticsearch: not running at {ES_TEST_URL} yet"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The database cache (shared by all processes) needs its table."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_shared_cache(django_db_setup, django_db_blocker):
    """The database cache outlives transactional tests (flush leaves its table):
    start every test without rate-limit counters or cached pages of others."""
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def site_root(db):
    return ensure_site_root()


@pytest.fixture
def case_index(db):
    return ensure_case_study_index()


@pytest.fixture
def municipality_a(db):
    return MunicipalityFactory(name="Saint-Alphonse-Exemple", population=8_000)


@pytest.fixture
def municipality_b(db):
    return MunicipalityFactory(name="Sainte-Béatrice-Exemple", population=40_000)


@pytest.fixture
def member(db, municipality_a):
    user = UserFactory(email="membre@ville.exemple.qc.ca", groups=["Members"])
    give_profile(user, municipality=municipality_a)
    return user


@pytest.fixture
def contributor(db, municipality_a):
    user = UserFactory(
        email="contribution@a.exemple.qc.ca", groups=["Members", "Contributors"]
    )
    give_profile(user, municipality=municipality_a)
    return user


@pytest.fixture
def contributor_b(db, municipality_b):
    user = UserFactory(
        email="contribution@b.exemple.qc.ca", groups=["Members", "Contributors"]
    )
    give_profile(user, municipality=municipality_b)
    return user


@pytest.fixture
def moderator(db):
    return UserFactory(
        email="moderation@ville.exemple.qc.ca", groups=["Members", "Moderators"]
    )


@pytest.fixture
def administrator(db):
    return UserFactory(
        email="admin@ville.exemple.qc.ca", is_staff=True, is_superuser=True
    )


@pytest.fixture(scope="session")
def elasticsearch_node() -> str:
    """The URL of a running Elasticsearch node, started by the project's launcher.

    Set CARREFOUR_ES_AUTOSTART=0 to only use a node that is already running.
    Never skips: a test that needs Elasticsearch fails when it cannot have it.
    """
    version = _es_version_or_none()
    if version is None and os.environ.get("CARREFOUR_ES_AUTOSTART", "1") != "0":
        port = ES_TEST_URL.rsplit(":", 1)[-1].strip("/")
        result = subprocess.run(
            [str(ES_SCRIPT), "start"],
            env={**os.environ, "ES_PORT": port},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"Elasticsearch could not be started by {ES_SCRIPT} start:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
                pytrace=False,
            )
        version = _es_version_or_none()
    if version is None:
        pytest.fail(
            f"Elasticsearch is not reachable at {ES_TEST_URL}. Start it with "
            f"`scripts/elasticsearch start` (or unset CARREFOUR_ES_AUTOSTART=0).",
            pytrace=False,
        )
    return ES_TEST_URL


@pytest.fixture
def es_client(elasticsearch_node):
    from search.elasticsearch import get_client

    return get_client([elasticsearch_node], timeout=30)


@pytest.fixture
def es_index(es_client):
    """A throwaway index with Carrefour's analysis chain, deleted afterwards."""
    from search.elasticsearch import create_index

    name = f"carrefour-test-{uuid.uuid4().hex[:12]}"
    create_index(es_client, name)
    yield name
    es_client.indices.delete(index=name, ignore_unavailable=True)
