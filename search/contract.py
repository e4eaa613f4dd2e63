"""The search contract: what goes in, what comes out, whichever backend answers.

`SearchQuery` → `SearchResults`; `similar()` for "this has been done before";
`suggest()` for autocomplete. Both backends (`search/backends/database.py`,
`search/backends/elasticsearch.py`) implement `SearchBackend`, and one contract
test suite (`tests/search/test_contract.py`) runs against both.

Permissions are part of the query: a `Viewer` says what the person asking may
see, and backends never return (as hits, snippets, facet counts, totals,
suggestions or similar items) anything beyond it. Members-only content needs a
member; the real municipality of an anonymous case study is never indexed as
searchable text, so it cannot leak through matches or snippets.

Filters and facets (both backends): OR within one facet, AND across facets.
The "type" facet filters like the others (`filters["type"]`); `kinds` only
narrows the scope. A filter on a facet a content type lacks (outcome, stage,
region, size: case studies only; theme, year: case studies and threads;
solution: all three, a solution matching its own pk) excludes that type.
Facet counts are disjunctive: each facet's counts apply every *other* facet's
filters (and the text and permissions) but not its own, so a selected value
still shows its siblings' counts; selecting a value yields exactly its count.
Text matching requires every meaningful word (stop words dropped).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from cop.accounts.roles import is_member, is_moderator, municipality_id_of


class Kind(StrEnum):
    """Content types that search covers."""

    CASE_STUDY = "casestudy"
    THREAD = "thread"
    SOLUTION = "solution"


ALL_KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)

# Facet (and filter) names, in display order. Values are stable identifiers:
# type → Kind; theme → Theme.slug; outcome → Outcome value; stage → Stage
# value; region → Region.code; size → SizeBand value; solution → Solution.pk
# as a string; year → four digits (the case study's start year, the thread's
# creation year).
FACETS: tuple[str, ...] = (
    "type",
    "theme",
    "outcome",
    "stage",
    "region",
    "size",
    "solution",
    "year",
)

MAX_QUERY_CHARS = 200  # longer text is cut, never an error
MAX_PAGE = 50  # deep pages are clamped: nobody reads page 51
MAX_PER_PAGE = 50
SIMILAR_MAX_CHARS = 5_000  # similar() reads at most this much source text


@dataclass(frozen=True)
class Viewer:
    """Who is asking, reduced to what search needs to enforce permissions."""

    is_member: bool = False
    is_moderator: bool = False
    municipality_id: int | None = None

    @classmethod
    def for_user(cls, user: Any) -> Viewer:
        return cls(
            is_member=is_member(user),
            is_moderator=is_moderator(user),
            municipality_id=municipality_id_of(user),
        )


VISITOR = Viewer()


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    kinds: tuple[str, ...] = ()  # empty: every kind
    # facet name → accepted values: OR within one facet, AND across facets.
    # Unknown names or values match nothing rather than raising.
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facets: tuple[str, ...] = FACETS
    page: int = 1
    per_page: int = 20
    language: str = "fr"
    viewer: Viewer = VISITOR

    def bounded(self) -> SearchQuery:
        """The same query with text, page and page size within limits."""
        text = "".join(ch for ch in self.text if ch.isprintable() or ch == " ")
        return SearchQuery(
            text=text[:MAX_QUERY_CHARS].strip(),
            kinds=tuple(k for k in self.kinds if k in ALL_KINDS),
            filters={
                name: tuple(str(v)[:100] for v in values)[:20]
                for name, values in self.filters.items()
                if name in FACETS and values
            },
            facets=tuple(f for f in self.facets if f in FACETS),
            page=min(max(1, int(self.page)), MAX_PAGE),
            per_page=min(max(1, int(self.per_page)), MAX_PER_PAGE),
            language=self.language,
            viewer=self.viewer,
        )


@dataclass
class SearchHit:
    kind: str
    pk: int
    title: str
    url: str
    # Safe HTML: the matching passage, escaped, with matches in <mark>.
    snippet: str = ""
    score: float = 0.0
    external_id: str = ""  # case studies only
    # "Ville de Drummondville" or "Une municipalité de la région …" as this
    # viewer may see it (case studies); the theme name for threads.
    attribution: str = ""
    outcome: str = ""
    date: datetime.date | None = None
    members_only: bool = False


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    backend: str  # "elasticsearch" or "database"
    # True when Elasticsearch was configured but the database answered.
    fallback: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def has_next(self) -> bool:
        return self.query.page < min(self.num_pages, MAX_PAGE)

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1


@dataclass
class SimilarHit:
    kind: str
    pk: int
    title: str
    url: str
    score: float
    external_id: str = ""
    outcome: str = ""  # case studies: Outcome value ("ongoing" for in progress)
    attribution: str = ""


@dataclass
class Suggestion:
    text: str
    kind: str
    url: str


ProgressCallback = Callable[[int, int], None]  # (done, total)


class SearchBackend(Protocol):
    """What both backends implement. `objects` are model instances
    (CaseStudyPage, Thread, Solution); `kind`/`pk` name deleted ones."""

    name: str

    def search(self, query: SearchQuery) -> SearchResults: ...

    def similar(
        self,
        *,
        text: str,
        viewer: Viewer,
        kinds: tuple[str, ...] = (),
        limit: int = 5,
        exclude: tuple[str, int] | None = None,
    ) -> list[SimilarHit]: ...

    def suggest(
        self, prefix: str, *, viewer: Viewer, limit: int = 8
    ) -> list[Suggestion]: ...

    def index_objects(self, objects: Iterable[Any]) -> None: ...

    def delete(self, kind: str, pk: int) -> None: ...

    def rebuild(self, *, progress: ProgressCallback | None = None) -> int: ...

    def refresh(self) -> None:
        """Make writes visible to searches now (tests, commands)."""
