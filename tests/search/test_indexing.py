"""The indexing pipeline on the real Elasticsearch node: every change editors
make reaches search after commit, and nothing private leaks through it."""

import pytest

from search.contract import VISITOR, SearchQuery, Viewer
from search.indexing import schedule_index_delete, schedule_index_update
from search.models import PendingIndexUpdate
from tests.factories import (
    SolutionFactory,
    ThemeFactory,
    make_case_study,
    make_post,
    make_thread,
)

pytestmark = pytest.mark.elasticsearch

MEMBER = Viewer(is_member=True)


def _found(backend, text: str, viewer: Viewer = VISITOR) -> list[str]:
    backend.refresh()
    return [
        hit.title for hit in backend.search(SearchQuery(text=text, viewer=viewer)).hits
    ]


@pytest.fixture
def published(
    es_backend, case_index, municipality_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_case_study(
            municipality=municipality_a,
            title="Déneigement optimisé par GPS",
            summary="Les chasse-neige suivent des trajets calculés la nuit.",
        )
    return page


def test_publishing_a_case_study_makes_it_searchable(es_backend, published):
    assert _found(es_backend, "déneigement") == ["Déneigement optimisé par GPS"]


def test_editing_and_publishing_a_new_revision_updates_the_index(
    es_backend, published, django_capture_on_commit_callbacks
):
    published.summary = "Les souffleuses suivent des trajets calculés la nuit."
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()
    assert _found(es_backend, "souffleuses") == ["Déneigement optimisé par GPS"]
    assert _found(es_backend, "chasse-neige") == []


def test_saving_a_draft_does_not_change_what_search_shows(
    es_backend, published, django_capture_on_commit_callbacks
):
    published.summary = "Brouillon sur les souffleuses."
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision()
    assert _found(es_backend, "souffleuses") == []


def test_unpublishing_a_case_study_removes_it_from_search(
    es_backend, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
    assert _found(es_backend, "déneigement") == []


def test_deleting_a_case_study_removes_it_from_search(
    es_backend, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published.delete()
    assert _found(es_backend, "déneigement", MEMBER) == []


def test_making_a_case_study_members_only_hides_it_from_visitors(
    es_backend, published, django_capture_on_commit_callbacks
):
    published.visibility = "members"
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()
    assert _found(es_backend, "déneigement") == []
    assert _found(es_backend, "déneigement", MEMBER) == ["Déneigement optimisé par GPS"]


def test_anonymous_case_study_is_not_found_by_its_real_municipality_name(
    es_backend, published, municipality_a, django_capture_on_commit_callbacks
):
    assert _found(es_backend, municipality_a.name) == ["Déneigement optimisé par GPS"]
    published.attribution = "anonymous"
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()
    assert _found(es_backend, municipality_a.name, MEMBER) == []
    hit = es_backend.search(SearchQuery(text="déneigement")).hits[0]
    assert municipality_a.name not in hit.attribution
    assert municipality_a.name not in hit.snippet


def test_anonymous_case_study_shows_its_municipality_to_its_own_members(
    es_backend, published, municipality_a, django_capture_on_commit_callbacks
):
    published.attribution = "anonymous"
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()
    es_backend.refresh()
    own = Viewer(is_member=True, municipality_id=municipality_a.pk)
    other = Viewer(is_member=True, municipality_id=municipality_a.pk + 1000)
    [own_hit] = es_backend.search(SearchQuery(text="déneigement", viewer=own)).hits
    [other_hit] = es_backend.search(SearchQuery(text="déneigement", viewer=other)).hits
    assert own_hit.attribution == municipality_a.name
    assert other_hit.attribution != municipality_a.name


def test_thread_reply_is_found_by_its_text(
    es_backend, db, django_capture_on_commit_callbacks
):
    thread = make_thread(title="Transcription des séances", visibility="public")
    with django_capture_on_commit_callbacks(execute=True):
        make_post(thread=thread, body="Nous utilisons un logiciel de sténographie.")
        schedule_index_update(thread)
    assert _found(es_backend, "sténographie") == ["Transcription des séances"]


def test_hidden_post_text_is_not_found(
    es_backend, db, django_capture_on_commit_callbacks
):
    thread = make_thread(title="Transcription des séances", visibility="public")
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(thread=thread, body="Publicité pour un logiciel miracle.")
        schedule_index_update(thread)
    assert _found(es_backend, "miracle") == ["Transcription des séances"]
    post.hidden = True
    post.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_index_update(thread)
    assert _found(es_backend, "miracle", MEMBER) == []


def test_hidden_thread_leaves_the_index(
    es_backend, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Fil de pourriel", visibility="public")
        schedule_index_update(thread)
    assert _found(es_backend, "pourriel") == ["Fil de pourriel"]
    thread.hidden = True
    thread.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_index_update(thread)
    assert _found(es_backend, "pourriel", MEMBER) == []


def test_members_only_thread_is_hidden_from_visitors(
    es_backend, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_index_update(
            make_thread(title="Budget confidentiel", theme=ThemeFactory())
        )
    assert _found(es_backend, "budget") == []
    assert _found(es_backend, "budget", MEMBER) == ["Budget confidentiel"]


def test_solution_save_and_delete_reach_the_index(
    es_backend, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        solution = SolutionFactory(name="Plateforme de télémétrie")
    assert _found(es_backend, "télémétrie") == ["Plateforme de télémétrie"]
    with django_capture_on_commit_callbacks(execute=True):
        solution.delete()
    assert _found(es_backend, "télémétrie") == []


def test_nothing_is_indexed_before_the_transaction_commits(
    es_backend, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule_index_delete(published)
    assert _found(es_backend, "déneigement") == ["Déneigement optimisé par GPS"]
    assert len(callbacks) == 1


def test_successful_update_drains_due_retries(
    es_backend, published, django_capture_on_commit_callbacks
):
    PendingIndexUpdate.objects.create(
        kind="casestudy", object_pk=published.pk, action="delete"
    )
    with django_capture_on_commit_callbacks(execute=True):
        schedule_index_update(SolutionFactory(name="Outil quelconque"))
    assert not PendingIndexUpdate.objects.exists()
    assert _found(es_backend, "déneigement") == []
