"""`manage.py search_index`: what operators see and what it changes."""

import io

import pytest
from django.core.management import call_command

from search.models import PendingIndexUpdate
from tests.factories import make_case_study
from tests.search.conftest import reindex


def _run(*args) -> str:
    out = io.StringIO()
    call_command("search_index", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def two_cases(case_index, municipality_a):
    return [
        make_case_study(municipality=municipality_a, title="Permis en ligne"),
        make_case_study(
            municipality=municipality_a, title="Paiement des taxes en ligne"
        ),
    ]


def test_search_index_says_no_index_is_needed_without_elasticsearch(db_backend):
    assert "database backend" in _run("status")


@pytest.mark.elasticsearch
def test_status_shows_database_and_index_counts_and_alias_target(es_backend, two_cases):
    PendingIndexUpdate.objects.create(
        kind="casestudy", object_pk=two_cases[0].pk, action="update"
    )
    output = _run("status")
    [line] = [line for line in output.splitlines() if line.startswith("casestudy")]
    database, index, pending = line.split()[1:4]
    assert (database, index, pending) == ("2", "0", "1")
    assert (
        f"{es_backend.alias('casestudy')} -> {es_backend.alias('casestudy')}-" in line
    )


@pytest.mark.elasticsearch
def test_reconcile_dry_run_reports_drift_without_fixing_it(es_backend, two_cases):
    output = _run("reconcile", "--dry-run")
    assert "missing     2" in output
    assert f"missing: {two_cases[0].pk}, {two_cases[1].pk}" in output
    assert "Dry run: nothing was changed." in output
    assert es_backend.indexed_versions("casestudy") == {}


@pytest.mark.elasticsearch
def test_reconcile_fixes_missing_stale_and_orphaned_documents(es_backend, two_cases):
    reindex(es_backend)
    first, second = two_cases
    first.summary = "Nouveau résumé."
    first.save_revision().publish()  # stale: no commit callbacks run here
    second.unpublish()  # orphaned
    report = _run("reconcile")
    assert "stale     1" in report
    assert "orphaned     1" in report
    assert "Index and database agree." in _run("reconcile", "--dry-run")


@pytest.mark.elasticsearch
def test_rebuild_prints_progress_and_documents_per_second(es_backend, two_cases):
    output = _run("rebuild", "--kind", "casestudy")
    assert "100% (2/2)" in output
    assert "docs/s" in output
    assert set(es_backend.indexed_versions("casestudy")) == {c.pk for c in two_cases}


@pytest.mark.elasticsearch
def test_retry_applies_queued_updates(es_backend, two_cases):
    for case in two_cases:
        PendingIndexUpdate.objects.create(
            kind="casestudy", object_pk=case.pk, action="update"
        )
    assert "Applied 2 of 2 queued updates; 0 still queued." in _run("retry", "--all")
    es_backend.refresh()
    assert set(es_backend.indexed_versions("casestudy")) == {c.pk for c in two_cases}
