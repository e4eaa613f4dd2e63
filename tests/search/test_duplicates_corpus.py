"""Duplicate detection on real bilingual data (issue #6, acceptance).

AIID incidents and the whole Government of Canada AI register (in French) are
imported once per module through the interchange import path, indexed by each
backend's `rebuild()`, and for every known duplicate pair `similar()` is asked
about one record (title + summary + problem, itself excluded, as the duplicate
warning does while someone drafts) and must return the other in its top 5.

Known pairs: the AIID merged-duplicate pairs whose two incidents are both in the
snapshot (most merged duplicates were removed from it), and the GC systems
registered more than once under the same name once case, parentheses and version
numbers are set aside (`corpora.system_name_key`: « Milo » / « Milo 2.0 »), in
both directions. Hit rates of both backends are printed (`pytest -s`), shown in
the terminal summary and recorded as test properties; docs/benchmarks.md keeps
the measured numbers that justify the floors below.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

import pytest
from django.db import transaction

from search.contract import VISITOR, Kind
from tests.factories import ensure_case_study_index
from tests.search import corpora

# Enough real distractors to make "top 5" mean something: all 412 GC systems
# plus the first AIID incidents (and every incident of a duplicate pair).
AIID_DISTRACTORS = 400
TOP = 5
RANK_DEPTH = 20  # ask for 20 to report the rank of a miss

# Floors from measurement (docs/benchmarks.md). Elasticsearch finds every pair
# (52/52), as the acceptance criterion asks, and its scoring is deterministic:
# all of them are required. The database backend finds 81 %; its floor sits a
# little below so that noise does not fail it and a regression does.
MIN_HIT_RATE = {"elasticsearch": 1.0, "database": 0.75}
# The AIID pairs describe the same event in similar words: always found.
MUST_HIT_RULES = ("aiid-merged",)


@dataclass
class Corpus:
    pages: dict[str, object]  # external_id → CaseStudyPage
    pairs: list[corpora.DuplicatePair]
    untestable_aiid: list[tuple[str, str]]


@dataclass
class Measurement:
    backend: str
    ranks: dict[corpora.DuplicatePair, int | None] = field(default_factory=dict)

    def hits(self, rule: str | None = None) -> tuple[int, int]:
        ranks = [
            rank
            for pair, rank in self.ranks.items()
            if rule is None or pair.rule == rule
        ]
        return sum(1 for rank in ranks if rank is not None and rank <= TOP), len(ranks)

    def rate(self, rule: str | None = None) -> float:
        hit, total = self.hits(rule)
        return hit / total if total else 0.0

    def misses(self) -> list[tuple[corpora.DuplicatePair, int | None]]:
        return [
            (pair, rank)
            for pair, rank in self.ranks.items()
            if rank is None or rank > TOP
        ]


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The corpora imported once, in a transaction rolled back after the module."""
    from casestudies.models import CaseStudyPage
    from cop.taxonomy.services import load_municipalities

    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    with django_db_blocker.unblock(), transaction.atomic():
        load_municipalities()
        ensure_case_study_index()
        records = corpora.gc_records() + corpora.aiid_records(limit=AIID_DISTRACTORS)
        wagtail_log.setLevel(logging.WARNING)  # not one line per imported page
        try:
            report = corpora.import_corpus_records(records)
        finally:
            wagtail_log.setLevel(level)
        assert not report.errors, [str(error) for error in report.errors[:5]]
        pages = {
            page.external_id: page
            for page in CaseStudyPage.objects.filter(
                external_id__in=[r["external_id"] for r in records]
            )
        }
        aiid_pairs, untestable = corpora.aiid_duplicate_pairs()
        yield Corpus(
            pages=pages,
            pairs=aiid_pairs + corpora.gc_duplicate_pairs(),
            untestable_aiid=untestable,
        )
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def measurements(request):
    """Every backend's measurement, shown together once the module is done."""
    found: dict[str, Measurement] = {}
    yield found
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and found:
        reporter.ensure_newline()
        reporter.section("duplicate detection on real corpora (top 5)", sep="-")
        for line in _summary_table(found):
            reporter.write_line(line)


def _summary_table(found: dict[str, Measurement]) -> list[str]:
    rules = ("aiid-merged", "gc-same-name", None)
    lines = [
        "| backend | AIID merged pairs | GC same-name pairs | all pairs |",
        "| --- | --- | --- | --- |",
    ]
    for name, measurement in sorted(found.items()):
        cells = []
        for rule in rules:
            hit, total = measurement.hits(rule)
            cells.append(f"{hit}/{total} ({measurement.rate(rule):.0%})")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def _similar_text(page) -> str:
    """What the duplicate warning sends while someone drafts."""
    return "\n".join(part for part in (page.title, page.summary, page.problem) if part)


def _measure(backend, corpus: Corpus) -> Measurement:
    measurement = Measurement(backend.name)
    for pair in corpus.pairs:
        source = corpus.pages[pair.source]
        target = corpus.pages[pair.target]
        hits = backend.similar(
            text=_similar_text(source),
            viewer=VISITOR,
            kinds=(Kind.CASE_STUDY.value,),
            limit=RANK_DEPTH,
            exclude=(Kind.CASE_STUDY.value, source.pk),
        )
        ranked = [hit.pk for hit in hits if hit.kind == Kind.CASE_STUDY]
        measurement.ranks[pair] = (
            ranked.index(target.pk) + 1 if target.pk in ranked else None
        )
    return measurement


def _backend(name: str, request):
    if name == "database":
        from search.backends.database import DatabaseBackend

        return DatabaseBackend()
    from search.backends.elasticsearch import ElasticsearchBackend

    node = request.getfixturevalue("elasticsearch_node")
    prefix = f"carrefour-test-dups-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(urls=[node], prefix=prefix, timeout=30)
    request.addfinalizer(backend.delete_indices)
    return backend


@pytest.mark.django_db
@pytest.mark.parametrize(
    "backend_name",
    ["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)],
)
def test_similar_finds_known_duplicates_in_top_5(
    backend_name, corpus, measurements, request, record_property
):
    backend = _backend(backend_name, request)
    backend.rebuild()
    backend.refresh()

    measurement = _measure(backend, corpus)
    measurements[backend_name] = measurement

    record_property("duplicate_hit_rate", round(measurement.rate(), 3))
    for rule in ("aiid-merged", "gc-same-name"):
        record_property(f"duplicate_hit_rate_{rule}", round(measurement.rate(rule), 3))
    record_property("aiid_pairs_untestable", len(corpus.untestable_aiid))
    print()  # noqa: T201 - the table is the point of running this with -s
    print(  # noqa: T201
        f"{len(corpus.pages)} case studies; {len(corpus.untestable_aiid)} AIID "
        "merged pairs cannot be tested (the duplicate is not in the snapshot)"
    )
    for line in _summary_table({backend_name: measurement}):
        print(line)  # noqa: T201
    for pair, rank in measurement.misses():
        print(  # noqa: T201
            f"  miss ({pair.rule}): {pair.source} → {pair.target}, "
            f"rank {rank or '>20'}: « {corpus.pages[pair.source].title} » / "
            f"« {corpus.pages[pair.target].title} »"
        )

    missed_required = [
        (pair.source, pair.target)
        for pair, rank in measurement.misses()
        if pair.rule in MUST_HIT_RULES
    ]
    assert not missed_required
    assert measurement.rate() >= MIN_HIT_RATE[backend_name]
