"""elasticsearch-dsl documents: one index per kind, all with the same mapping.

Every kind shares one field layout (see `search/sources.py`) so a single query,
aggregation or highlight works across the three indices. Index names are not
fixed here: the backend writes to the alias `<prefix>-<kind>`, which points to
one versioned index `<prefix>-<kind>-<timestamp>` (see the backend's rebuild).
"""

from __future__ import annotations

from elasticsearch_dsl import Boolean, Date, Document, Integer, Keyword, Text

from search.analysis import (
    AUTOCOMPLETE_ANALYZER,
    AUTOCOMPLETE_SEARCH_ANALYZER,
    ENGLISH_ANALYZER,
    FRENCH_ANALYZER,
)
from search.contract import Kind


def _text(**extra_fields) -> Text:
    """French text with an English sub-field (`<name>.en`) for English content."""
    return Text(
        analyzer=FRENCH_ANALYZER,
        fields={"en": Text(analyzer=ENGLISH_ANALYZER), **extra_fields},
    )


class SearchDocument(Document):
    """The shared layout. Facet fields hold stable identifiers (see FACETS)."""

    kind = Keyword()
    pk = Integer()
    version = Keyword()
    # Prefixes of the title's words (`title.ac`) feed autocomplete.
    title = _text(
        ac=Text(
            analyzer=AUTOCOMPLETE_ANALYZER,
            search_analyzer=AUTOCOMPLETE_SEARCH_ANALYZER,
        ),
        raw=Keyword(ignore_above=256),
    )
    summary = _text()
    problem = _text()
    approach = _text()
    worked = _text()
    failed = _text()
    advice = _text()
    body = _text()
    # Named case studies only: an anonymous one never has its town here.
    municipality = _text()
    attribution = Keyword(index=False)
    municipality_id = Integer()
    anonymous = Boolean()
    theme = Keyword()
    outcome = Keyword()
    stage = Keyword()
    region = Keyword()
    size = Keyword()
    solution = Keyword()
    year = Keyword()
    visibility = Keyword()
    language = Keyword()
    external_id = Keyword()
    url = Keyword(index=False)
    date = Date()


class CaseStudyDocument(SearchDocument):
    """A live case study."""


class ThreadDocument(SearchDocument):
    """A discussion that is neither hidden nor deleted, with its visible posts."""


class SolutionDocument(SearchDocument):
    """A solution from the catalogue."""


DOCUMENTS: dict[str, type[SearchDocument]] = {
    Kind.CASE_STUDY.value: CaseStudyDocument,
    Kind.THREAD.value: ThreadDocument,
    Kind.SOLUTION.value: SolutionDocument,
}

TEXT_BOOSTS: dict[str, float] = {
    "title": 3,
    "summary": 2,
    "problem": 1,
    "approach": 1,
    "worked": 1,
    "failed": 1,
    "advice": 1,
    "body": 1,
    "municipality": 1,
}
SIMILAR_FIELDS: tuple[str, ...] = ("title", "summary", "problem", "approach", "body")


def mapping_for(kind: str) -> dict:
    return DOCUMENTS[kind]._doc_type.mapping.to_dict()


def to_document(kind: str, source: dict) -> SearchDocument:
    """Wrap a flattened source (search/sources.py) in its kind's Document."""
    return DOCUMENTS[kind](meta={"id": str(source["pk"])}, **source)
