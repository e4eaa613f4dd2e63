"""Hostile input never produces a 5xx, on either backend, HTML or JSON."""

from __future__ import annotations

import pytest

from tests.factories import ThemeFactory, make_case_study, make_thread

HOSTILE_TEXTS = [
    '"',
    '"fuites',
    "fuites \"d'eau",
    "*",
    "fuit*",
    "NEAR(fuites eau)",
    "NEAR(",
    "fuites^3",
    "^",
    "(fuites OR eau",
    ")",
    "()",
    "fuites AND",
    "OR NOT -",
    "title:fuites",
    "{fuites} [eau]",
    "\\",
    "'",
    "~fuites~2",
    "% _",
    "a\x00b",
    "\x00",
    "مرحبا بالعالم \u202efuites",
    "שלום fuites",
    "\u200f\u202b",
    "x" * 10_000,
    "fuites " * 2_000,
    "😀 émoji",
]
HOSTILE_PARAMS = [
    {"theme": "n-existe-pas"},
    {"theme": "<script>alert(1)</script>"},
    {"year": "abc"},
    {"year": "99999999999999999999"},
    {"solution": "-1"},
    {"solution": "9" * 30},
    {"region": "\x00"},
    {"type": "pdf"},
    {"outcome": "succes" * 50},
    {"page": "99999"},
    {"page": "-1"},
    {"page": "abc"},
    {"page": "1e9"},
    {"page": "9" * 40},
    {"per_page": "100000"},
    {"limit": "abc"},
    {"limit": "-5"},
    {"theme": ["a"] * 500},
]


@pytest.fixture
def content(search_backend, case_index):
    theme = ThemeFactory(slug="eau-hostile", name_fr="Eau (hostile)")
    make_case_study(
        themes=[theme], title="Détection des fuites d'eau", summary="Des fuites."
    )
    make_thread(theme=theme, title="Les fuites d'eau", visibility="public")
    search_backend.rebuild()
    search_backend.refresh()
    return search_backend


def _statuses(client, path, param_name):
    failures = []
    for text in HOSTILE_TEXTS:
        response = client.get(path, {param_name: text})
        if response.status_code >= 500:
            failures.append((text[:40], response.status_code))
    for params in HOSTILE_PARAMS:
        response = client.get(path, {param_name: "fuites", **params})
        if response.status_code >= 500:
            failures.append((str(params)[:60], response.status_code))
    return failures


@pytest.mark.parametrize(
    "path",
    ["/recherche/", "/en/recherche/", "/api/v1/search/", "/api/v1/suggest/"],
)
def test_search_endpoint_never_fails_on_hostile_input(client, content, path):
    assert _statuses(client, path, "q") == []


def test_similar_endpoint_never_fails_on_hostile_input(client, content):
    failures = _statuses(client, "/api/v1/similar/", "q")
    for params in ({"type": "casestudy", "id": "abc"}, {"type": "x", "id": "1"}):
        if client.get("/api/v1/similar/", params).status_code >= 500:
            failures.append(params)
    assert failures == []


def test_search_page_answers_hostile_input_with_results_or_advice(client, content):
    response = client.get("/recherche/", {"q": 'fuites" NEAR( ^2 *'})
    assert response.status_code == 200
    assert "fuites" in response.content.decode()


def test_search_api_returns_hits_for_query_wrapped_in_syntax(client, content):
    data = client.get("/api/v1/search/", {"q": '("fuites"*)^'}).json()
    assert data["total"] >= 1
