"""Degradation: when Elasticsearch is down or slow, search answers from the
database, edits still save, and the index catches up when the node is back."""

import io
import os
import socket
import subprocess
import time

import pytest
from django.core.management import call_command

from search import engine
from search.backends.elasticsearch import ElasticsearchBackend
from search.circuit import CLOSED, HALF_OPEN, OPEN, CircuitBreaker, reset_all
from search.contract import SearchQuery, Viewer
from search.engine import SearchUnavailable
from search.indexing import schedule_index_update
from search.models import PendingIndexUpdate
from search.sources import document_for, indexable
from tests.conftest import ES_SCRIPT
from tests.factories import SolutionFactory, make_case_study, make_post, make_thread
from tests.search.conftest import reindex, unique_prefix

DEAD_URL = "http://127.0.0.1:9"


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers (a hung node)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_run_search_falls_back_to_the_database_when_elasticsearch_is_unreachable(
    dead_es_backend, case_index, municipality_a
):
    make_case_study(municipality=municipality_a, title="Compteurs d'eau intelligents")
    results = engine.run_search(SearchQuery(text="compteurs"))
    assert results.fallback is True
    assert results.backend == "database"
    assert [hit.title for hit in results.hits] == ["Compteurs d'eau intelligents"]


def test_similar_and_suggest_fall_back_when_elasticsearch_is_unreachable(
    dead_es_backend, case_index, municipality_a
):
    make_case_study(municipality=municipality_a, title="Compteurs d'eau intelligents")
    similar = engine.find_similar(text="compteurs d'eau", viewer=Viewer())
    suggestions = engine.suggest("compt", viewer=Viewer())
    assert [hit.title for hit in similar] == ["Compteurs d'eau intelligents"]
    assert [s.text for s in suggestions] == ["Compteurs d'eau intelligents"]


def test_search_gives_up_within_the_timeout_when_the_node_hangs(silent_server, db):
    backend = ElasticsearchBackend(urls=[silent_server], prefix="hung", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="déneigement"))
    assert time.monotonic() - started < 3


def test_open_circuit_refuses_calls_without_waiting_for_a_hung_node(silent_server, db):
    backend = ElasticsearchBackend(urls=[silent_server], prefix="hung", timeout=0.5)
    for _ in range(3):
        with pytest.raises(SearchUnavailable):
            backend.search(SearchQuery(text="déneigement"))
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="circuit open"):
        backend.search(SearchQuery(text="déneigement"))
    assert time.monotonic() - started < 0.1


def test_circuit_opens_after_three_failures_and_lets_one_trial_through_later():
    now = [0.0]
    breaker = CircuitBreaker(failures=3, reset_after=30, clock=lambda: now[0])
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == OPEN
    assert not breaker.allow()
    now[0] = 31
    assert breaker.state == HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow()  # only one trial at a time
    breaker.record_success()
    assert breaker.state == CLOSED


def test_failed_trial_reopens_the_circuit():
    now = [0.0]
    breaker = CircuitBreaker(failures=3, reset_after=30, clock=lambda: now[0])
    for _ in range(3):
        breaker.record_failure()
    now[0] = 31
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == OPEN


def test_publishing_while_elasticsearch_is_down_saves_and_queues_the_update(
    dead_es_backend, case_index, municipality_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_case_study(
            municipality=municipality_a, title="Collecte des encombrants"
        )
    page.refresh_from_db()
    assert page.live
    pending = PendingIndexUpdate.objects.get(kind="casestudy", object_pk=page.pk)
    assert pending.action == "update"
    assert pending.last_error


def _database_state(kind: str) -> set[tuple[int, str]]:
    return {(doc["pk"], doc["version"]) for doc in map(document_for, indexable(kind))}


def _index_state(backend, kind: str) -> set[tuple[int, str]]:
    return set(backend.indexed_versions(kind).items())


@pytest.mark.elasticsearch
def test_reconcile_brings_the_index_back_to_the_database_state_after_an_outage(
    es_backend,
    elasticsearch_node,
    settings,
    case_index,
    municipality_a,
    django_capture_on_commit_callbacks,
):
    kept = make_case_study(municipality=municipality_a, title="Éclairage DEL")
    edited = make_case_study(municipality=municipality_a, title="Horodateurs")
    removed = make_case_study(
        municipality=municipality_a, title="Vélos en libre-service"
    )
    thread = make_thread(title="Logiciel de paie", visibility="public")
    reindex(es_backend)

    settings.ELASTICSEARCH_URLS = [DEAD_URL]  # the node goes away
    with django_capture_on_commit_callbacks(execute=True):
        make_case_study(municipality=municipality_a, title="Patinoire réfrigérée")
        edited.summary = "Paiement par téléphone ajouté."
        edited.save_revision().publish()
        removed.unpublish()
        make_post(thread=thread, body="Une réponse écrite pendant la panne.")
        schedule_index_update(thread)
        SolutionFactory(name="Application de stationnement")
    assert PendingIndexUpdate.objects.count() == 5
    assert engine.run_search(SearchQuery(text="patinoire")).fallback is True

    settings.ELASTICSEARCH_URLS = [elasticsearch_node]  # and comes back
    out = io.StringIO()
    call_command("search_index", "reconcile", stdout=out)
    assert "Drift repaired." in out.getvalue()

    for kind in ("casestudy", "thread", "solution"):
        assert _index_state(es_backend, kind) == _database_state(kind)
    assert not PendingIndexUpdate.objects.exists()
    assert kept.pk in es_backend.indexed_versions("casestudy")
    assert removed.pk not in es_backend.indexed_versions("casestudy")


# --- A real outage: a node of this test's own is stopped and started again ---

FAULT_PORT = "9201"  # next to the shared node, which other tests keep using


def _node(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ES_SCRIPT), command],
        env={**os.environ, "ES_PORT": FAULT_PORT},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def own_node(elasticsearch_node, settings):
    started = _node("start")
    assert started.returncode == 0, started.stderr[-2000:]
    url = f"http://127.0.0.1:{FAULT_PORT}"
    settings.ELASTICSEARCH_URLS = [url]
    settings.ELASTICSEARCH_INDEX_PREFIX = unique_prefix()
    backend = ElasticsearchBackend(timeout=10)
    backend.ensure_indices()
    yield backend
    if _node("status").returncode != 0:
        _node("start")
    reset_all()
    backend.delete_indices()
    _node("stop")


@pytest.mark.elasticsearch
def test_stopped_node_falls_back_keeps_edits_and_reconciles_when_back(
    own_node, client, case_index, municipality_a, django_capture_on_commit_callbacks
):
    before = make_case_study(municipality=municipality_a, title="Compostage collectif")
    reindex(own_node)

    assert _node("stop").returncode == 0
    page = client.get("/recherche/", {"q": "compostage"})
    assert page.status_code == 200
    assert engine.run_search(SearchQuery(text="compostage")).fallback is True
    with django_capture_on_commit_callbacks(execute=True):
        during = make_case_study(municipality=municipality_a, title="Ruelles vertes")
        before.unpublish()
    assert during.live
    assert PendingIndexUpdate.objects.count() == 2

    assert _node("start").returncode == 0
    reset_all()
    call_command("search_index", "reconcile", stdout=io.StringIO())
    assert _index_state(own_node, "casestudy") == _database_state("casestudy")
    assert set(own_node.indexed_versions("casestudy")) == {during.pk}
    assert not PendingIndexUpdate.objects.exists()
    assert engine.run_search(SearchQuery(text="ruelles")).fallback is False
