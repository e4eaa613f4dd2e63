"""`rebuild` writes a new index and swaps the alias: search never goes dark."""

import threading

import pytest
from django.db import connection

from search.contract import ALL_KINDS, SearchQuery
from tests.factories import make_case_study, make_thread
from tests.search.conftest import reindex

pytestmark = pytest.mark.elasticsearch

CASES = 40


@pytest.fixture
def corpus(es_backend, case_index, municipality_a):
    for n in range(CASES):
        make_case_study(
            municipality=municipality_a,
            title=f"Gestion des matières résiduelles, volet {n}",
            summary="Collecte des résidus alimentaires en bac brun.",
        )
    make_thread(title="Collecte des résidus en hiver", visibility="public")
    reindex(es_backend)
    return es_backend


def test_rebuild_swaps_each_alias_to_a_new_index(corpus):
    before = {kind: corpus.status_of(kind)["indices"] for kind in ALL_KINDS}
    assert corpus.rebuild() == CASES + 1
    for kind in ALL_KINDS:
        after = corpus.status_of(kind)["indices"]
        assert len(after) == 1
        assert after != before[kind]
        # The old index is gone, not just detached.
        assert not corpus.client.indices.exists(index=before[kind][0])


# Searches read labels from the database in another thread: a real commit is
# needed (SQLite locks tables inside the test's wrapping transaction).
@pytest.mark.django_db(transaction=True)
def test_queries_never_fail_or_come_back_empty_during_a_rebuild(corpus):
    stop = threading.Event()
    totals: list[int] = []
    errors: list[Exception] = []
    alias_targets: list[int] = []

    def search_continuously():
        while not stop.is_set():
            try:
                results = corpus.search(SearchQuery(text="résidus alimentaires"))
                totals.append(results.total)
                alias = corpus.client.indices.get_alias(name=corpus.alias("casestudy"))
                alias_targets.append(len(alias.body))
            except Exception as exc:  # noqa: BLE001 - any failure fails the test
                errors.append(exc)
        connection.close()

    searcher = threading.Thread(target=search_continuously)
    searcher.start()
    try:
        for _ in range(3):
            corpus.rebuild(kinds=["casestudy"])
    finally:
        stop.set()
        searcher.join(timeout=30)
    assert errors == []
    assert len(totals) > 10
    assert set(totals) == {CASES}
    assert set(alias_targets) == {1}


def test_rebuild_reports_progress_up_to_the_total(corpus):
    seen: list[tuple[int, int]] = []
    corpus.rebuild(progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, CASES + 1)
    assert seen[-1] == (CASES + 1, CASES + 1)
