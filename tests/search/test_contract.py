"""The search contract, run against both backends: the database backend and the
Elasticsearch backend on the real node. Same corpus, same assertions."""

from __future__ import annotations

import pytest

from search.contract import VISITOR, SearchQuery, Viewer
from tests.search.conftest import reindex
from tests.search.contract_fixtures import HIDDEN_TOWN, build_corpus


@pytest.fixture
def corpus(db, case_index):
    return build_corpus()


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, corpus):
    if request.param == "database":
        from search.backends.database import DatabaseBackend

        backend = DatabaseBackend()
        backend.rebuild()
        yield backend
        return
    # Fresh indices with a prefix of their own (created by the fixture, filled
    # here without a rebuild's second set of indices), deleted afterwards.
    backend = request.getfixturevalue("es_backend")
    reindex(backend)
    yield backend


def member_of(town) -> Viewer:
    return Viewer(is_member=True, municipality_id=town.pk)


MODERATOR = Viewer(is_member=True, is_moderator=True)


def run(backend, text="", viewer=VISITOR, **kwargs):
    return backend.search(SearchQuery(text=text, viewer=viewer, **kwargs))


def keys(results):
    return [(hit.kind, hit.pk) for hit in results.hits]


def facet(results, name):
    return {item.value: item.count for item in results.facets.get(name, [])}


# --- Ranking, highlights, pagination ----------------------------------------


def test_search_ranks_title_match_above_passing_mention(backend, corpus):
    results = run(backend, "fuites", kinds=("casestudy",))
    found = keys(results)
    assert ("casestudy", corpus.leaks.pk) in found
    assert ("casestudy", corpus.budget.pk) in found
    assert found.index(("casestudy", corpus.leaks.pk)) < found.index(
        ("casestudy", corpus.budget.pk)
    )


def test_search_reports_its_backend_name(backend):
    assert run(backend, "fuites").backend == backend.name


def test_search_snippet_marks_the_query_word(backend, corpus):
    results = run(backend, "fuites", kinds=("casestudy",))
    hit = next(h for h in results.hits if h.pk == corpus.leaks.pk)
    assert "<mark>fuites</mark>" in hit.snippet.lower()


def test_search_snippet_escapes_html_from_content(backend, corpus):
    results = run(backend, "graves", kinds=("casestudy",))
    hit = next(h for h in results.hits if h.pk == corpus.leaks.pk)
    assert "<b>" not in hit.snippet
    assert "&lt;b&gt;" in hit.snippet


def test_search_case_study_hits_carry_external_id(backend, corpus):
    results = run(backend, "fuites", kinds=("casestudy",))
    hit = next(h for h in results.hits if h.pk == corpus.leaks.pk)
    assert hit.external_id == "contrat-fuites"
    assert hit.url.endswith("/")


def test_search_pages_are_distinct_and_total_is_stable(backend):
    first = run(backend, "Québec", kinds=("casestudy",), per_page=2, page=1)
    second = run(backend, "Québec", kinds=("casestudy",), per_page=2, page=2)
    assert first.total == second.total == 5
    assert len(first.hits) == len(second.hits) == 2
    assert not set(keys(first)) & set(keys(second))


def test_search_out_of_range_page_returns_no_hits_and_the_total(backend):
    results = run(backend, "Québec", kinds=("casestudy",), per_page=2, page=40)
    assert results.hits == []
    assert results.total == 5


def test_search_without_match_returns_empty_results(backend):
    results = run(backend, "xylophonique")
    assert results.total == 0
    assert results.hits == []


# --- Filters and facets ---------------------------------------------------------


def test_search_filters_by_theme(backend, corpus):
    results = run(backend, filters={"theme": (corpus.water.slug,)})
    assert set(keys(results)) == {
        ("casestudy", corpus.leaks.pk),
        ("thread", corpus.public_thread.pk),
    }


def test_search_filters_by_type(backend, corpus):
    results = run(backend, "fuites", filters={"type": ("thread",)})
    assert keys(results) == [("thread", corpus.public_thread.pk)]


def test_search_filters_or_within_a_facet(backend, corpus):
    results = run(backend, filters={"outcome": ("success", "failure")})
    assert set(keys(results)) == {
        ("casestudy", corpus.leaks.pk),
        ("casestudy", corpus.agent.pk),
        ("casestudy", corpus.archives.pk),
    }


def test_search_filters_and_across_facets(backend, corpus):
    results = run(
        backend,
        filters={"outcome": ("success", "failure"), "theme": (corpus.services.slug,)},
    )
    assert set(keys(results)) == {
        ("casestudy", corpus.agent.pk),
        ("casestudy", corpus.archives.pk),
    }


@pytest.mark.parametrize(
    ("facet_name", "value", "expected"),
    [
        ("stage", "pilot", {"agent", "transcription"}),
        ("region", "16", {"leaks", "transcription"}),
        ("size", "l", {"agent", "budget"}),
        ("year", "2022", {"agent", "budget"}),
    ],
)
def test_search_filters_case_studies_by_facet(
    backend, corpus, facet_name, value, expected
):
    results = run(backend, kinds=("casestudy",), filters={facet_name: (value,)})
    assert {hit.pk for hit in results.hits} == {
        getattr(corpus, name).pk for name in expected
    }


def test_search_filters_by_solution_across_types(backend, corpus):
    results = run(backend, filters={"solution": (str(corpus.leak_radar.pk),)})
    assert ("casestudy", corpus.leaks.pk) in keys(results)
    assert ("thread", corpus.public_thread.pk) in keys(results)
    assert ("casestudy", corpus.agent.pk) not in keys(results)


def test_search_unknown_filter_value_matches_nothing(backend):
    results = run(backend, filters={"theme": ("n-existe-pas",)})
    assert results.total == 0


def test_search_type_facet_counts_add_up_to_total(backend):
    results = run(backend, "fuites")
    assert sum(facet(results, "type").values()) == results.total > 0


@pytest.mark.parametrize("facet_name", ["theme", "outcome", "region", "year"])
def test_search_facet_count_equals_total_when_value_selected(
    backend, corpus, facet_name
):
    counts = facet(run(backend), facet_name)
    assert counts
    for value, count in counts.items():
        narrowed = run(backend, filters={facet_name: (value,)})
        assert narrowed.total == count, (facet_name, value)


def test_search_facet_counts_ignore_their_own_filter(backend, corpus):
    results = run(backend, kinds=("casestudy",), filters={"outcome": ("success",)})
    outcomes = facet(results, "outcome")
    assert outcomes["success"] == 2
    assert outcomes["failure"] == 1
    assert any(item.selected for item in results.facets["outcome"])


# --- similar and suggest --------------------------------------------------------


def test_similar_ranks_near_duplicate_first(backend, corpus):
    hits = backend.similar(
        text=(
            "Capteurs acoustiques pour détecter les fuites d'eau dans le réseau "
            "d'aqueduc municipal"
        ),
        viewer=VISITOR,
        kinds=("casestudy",),
    )
    assert hits[0].pk == corpus.leaks.pk
    assert hits[0].score > 0


def test_similar_excludes_the_source(backend, corpus):
    hits = backend.similar(
        text=f"{corpus.leaks.title} {corpus.leaks.summary} {corpus.leaks.problem}",
        viewer=VISITOR,
        kinds=("casestudy",),
        exclude=("casestudy", corpus.leaks.pk),
    )
    assert corpus.leaks.pk not in [hit.pk for hit in hits]


def test_similar_reports_outcome_of_projects_in_progress(backend, corpus):
    hits = backend.similar(
        text="Transcription automatique des séances du conseil municipal",
        viewer=VISITOR,
        kinds=("casestudy",),
    )
    assert hits[0].pk == corpus.transcription.pk
    assert hits[0].outcome == "ongoing"


def test_suggest_finds_title_by_prefix(backend, corpus):
    suggestions = backend.suggest("transcri", viewer=VISITOR)
    assert corpus.transcription.title in [s.text for s in suggestions]


def test_suggest_matches_a_later_word_of_the_title(backend, corpus):
    suggestions = backend.suggest("archiv", viewer=VISITOR)
    assert corpus.archives.title in [s.text for s in suggestions]


# --- Permissions --------------------------------------------------------------------


def test_search_hides_members_only_content_from_visitors(backend, corpus):
    results = run(backend, "télémétrie")
    assert results.hits == []
    assert results.total == 0
    assert sum(facet(results, "type").values()) == 0


def test_search_shows_members_only_content_to_members(backend, corpus):
    results = run(backend, "télémétrie", viewer=member_of(corpus.town_a))
    assert set(keys(results)) == {
        ("casestudy", corpus.secret.pk),
        ("thread", corpus.members_thread.pk),
    }
    assert all(hit.members_only for hit in results.hits)


def test_search_facet_counts_exclude_members_only_for_visitors(backend, corpus):
    visitor = facet(run(backend, filters={"theme": (corpus.water.slug,)}), "theme")
    member = facet(
        run(
            backend,
            viewer=member_of(corpus.town_a),
            filters={"theme": (corpus.water.slug,)},
        ),
        "theme",
    )
    assert visitor[corpus.water.slug] == 2
    assert member[corpus.water.slug] == 4


def test_suggest_hides_members_only_titles_from_visitors(backend, corpus):
    assert backend.suggest("télémé", viewer=VISITOR) == []
    member = backend.suggest("télémé", viewer=member_of(corpus.town_a))
    assert corpus.secret.title in [s.text for s in member]


def test_similar_hides_members_only_content_from_visitors(backend, corpus):
    text = f"{corpus.secret.title} {corpus.secret.summary}"
    visitor = backend.similar(text=text, viewer=VISITOR)
    member = backend.similar(text=text, viewer=member_of(corpus.town_a))
    assert corpus.secret.pk not in [h.pk for h in visitor if h.kind == "casestudy"]
    assert corpus.secret.pk in [h.pk for h in member if h.kind == "casestudy"]


def test_search_never_matches_anonymous_case_by_its_real_town(backend, corpus):
    results = run(backend, HIDDEN_TOWN)
    assert ("casestudy", corpus.archives.pk) not in keys(results)


def test_search_shows_anonymous_label_to_visitors(backend, corpus):
    results = run(backend, "archives")
    hit = next(h for h in results.hits if h.pk == corpus.archives.pk)
    assert HIDDEN_TOWN not in hit.attribution
    assert HIDDEN_TOWN not in hit.snippet
    assert "Capitale-Nationale" in hit.attribution


def test_search_names_anonymous_town_to_its_own_members(backend, corpus):
    viewer = member_of(corpus.hidden_town)
    results = run(backend, "archives", viewer=viewer)
    hit = next(h for h in results.hits if h.pk == corpus.archives.pk)
    assert hit.attribution == HIDDEN_TOWN


def test_similar_shows_anonymous_label_to_visitors(backend, corpus):
    hits = backend.similar(
        text="Numérisation des archives municipales papier", viewer=VISITOR
    )
    hit = next(h for h in hits if h.pk == corpus.archives.pk)
    assert HIDDEN_TOWN not in hit.attribution


# --- Rebuild --------------------------------------------------------------------


class Interrupted(Exception):
    """What an operator's Ctrl-C or a failed batch does to a rebuild."""


def index_names(backend) -> list[str]:
    """Every index this backend owns (the database backend has none)."""
    if backend.name != "elasticsearch":
        return []
    return sorted(backend.client.indices.get(index=f"{backend.prefix}-*").body)


def test_rebuild_interrupted_partway_leaves_search_and_indices_as_they_were(
    backend, corpus
):
    before = keys(run(backend, "fuites"))
    indices = index_names(backend)

    def interrupt(done, total):
        if done:  # after the first documents were written
            raise Interrupted

    with pytest.raises(Interrupted):
        backend.rebuild(progress=interrupt)

    assert index_names(backend) == indices
    assert keys(run(backend, "fuites")) == before
