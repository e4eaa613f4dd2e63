"""Real, openly licensed corpora as interchange records, and their known duplicates.

The corpora (``../shared/data/corpora``, see its README) are not municipal: they
test the machinery (volume, French analysis on real bilingual text, duplicate
detection). Every converter maps a CSV row to an interchange record honestly —
a field is filled only from a column that means the same thing — and records go
into the database through the import path (``import_corpus_records``), exactly as
``manage.py import_case_studies`` does.

Mapping decisions that are not obvious:

- All records are ``public``, ``named``, attributed to one real municipality given
  by the caller (or spread over several by a stable hash of the external_id).
- The model has no "in development" stage: a system being built (GC « en cours de
  développement », US « Pre-deployment ») maps to ``pilot``. A retired system
  maps to stage ``retired`` with outcome ``abandoned``: the model refuses
  « en cours » for a retired project and the registers do not say more.
  Without a status, the model's defaults (``ongoing``, ``idea``) apply.
- AIID incidents are failures of deployed systems: outcome ``failure``, stage
  ``deployed``. The incident description is the summary; who deployed, developed
  and was harmed is the problem statement.
- The GC register is bilingual; a record has one language, so each system is
  imported once, in French (the product is French-first): name, description
  (problem), results (summary), capabilities (approach), data sources.
- Dates are left out unless the column is the project's start: AIID's date is the
  incident's, the GC date is the status's, EU AI Watch has a placeholder.
"""

from __future__ import annotations

import csv
import json
import os
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# The AIID and Government of Canada corpora the tests need are copied (with
# their licence notes) into tests/data/corpora; the benchmark's larger corpora
# come from ../shared/data/corpora, or wherever CARREFOUR_CORPORA_DIR says.
TEST_CORPORA_DIR = ROOT / "tests" / "data" / "corpora"
CORPORA_DIR = Path(
    os.environ.get("CARREFOUR_CORPORA_DIR", ROOT.parent / "shared" / "data" / "corpora")
)
AIID_INCIDENTS = TEST_CORPORA_DIR / "aiid" / "incidents.csv"
AIID_DUPLICATES = TEST_CORPORA_DIR / "aiid" / "duplicates.csv"
GC_REGISTER = TEST_CORPORA_DIR / "gc_ai_register" / "ai-register-mvp.csv"
US_INVENTORY = (
    CORPORA_DIR
    / "us_federal_ai_inventory_2025"
    / "2025_individually_reported_AI_use_cases_no_contacts.csv"
)
EU_AI_WATCH = (
    CORPORA_DIR / "eu_ai_watch" / "ai-watch-t6-jrc120399-services.csv",
    CORPORA_DIR / "eu_ai_watch" / "11-services-amsterdam-algorithm-register.csv",
    CORPORA_DIR / "eu_ai_watch" / "12-services-helsinki-ai-register.csv",
)

# Drummondville (Centre-du-Québec), from the MAMH directory the project loads.
DEFAULT_MUNICIPALITY = "49058"
# Real municipalities of different regions and sizes, for facet variety.
SPREAD_MUNICIPALITIES: tuple[str, ...] = (
    "49058",  # Drummondville
    "66023",  # Montréal
    "23027",  # Québec
    "81017",  # Gatineau
    "43027",  # Sherbrooke
    "37067",  # Trois-Rivières
    "94068",  # Saguenay
    "10043",  # Rimouski
    "46005",  # Abercorn
    "48028",  # Acton Vale
)

TITLE_MAX = 255  # Page.title
SUMMARY_MAX = 1200  # CaseStudyPage.summary
NAME_MAX = 200  # Solution.name, Vendor.name

AI_GOVERNANCE = "gouvernance-et-ethique-de-l-ia"
ADMINISTRATION = "administration-et-ressources-humaines"
CITIZEN_SERVICES = "services-aux-citoyens"

US_TOPIC_THEMES: dict[str, str] = {
    "Admin Functions": ADMINISTRATION,
    "Administrative functions": ADMINISTRATION,
    "HR": ADMINISTRATION,
    "IT": ADMINISTRATION,
    "Cybersecurity": "securite-publique",
    "Law Enforcement": "securite-publique",
    "Emergency Mgmt": "securite-publique",
    "Health and Medical": CITIZEN_SERVICES,
    "Service Delivery": CITIZEN_SERVICES,
    "Benefits Processing": CITIZEN_SERVICES,
    "Energy and Environment": "environnement",
    "Procurement and Finance Mgmt": "finances",
    "Other – Economic & Financial": "finances",
    "Transportation": "transport-et-mobilite",
    "Science": "donnees-ouvertes",
}
EU_SECTOR_THEMES: dict[str, str] = {
    "General public services": CITIZEN_SERVICES,
    "Health": CITIZEN_SERVICES,
    "Social protection": CITIZEN_SERVICES,
    "Education": CITIZEN_SERVICES,
    "Economic affairs": "finances",
    "Public order and safety": "securite-publique",
    "Defence": "securite-publique",
    "Housing and community amenities": "urbanisme-et-territoire",
    "Recreation, culture and religion": "loisirs-culture-et-vie-communautaire",
    "Transport": "transport-et-mobilite",
}
# status (lower case, stripped) → (stage, outcome); outcome None = model default
STATUS_STAGES: dict[str, tuple[str, str | None]] = {
    "in production": ("deployed", None),
    "deployed": ("deployed", None),
    "in development": ("pilot", None),
    "pre-deployment": ("pilot", None),
    "pilot": ("pilot", None),
    "retired": ("retired", "abandoned"),
}


class CorpusMissingError(FileNotFoundError):
    """The shared corpora are not where the tests and the benchmark expect them."""


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise CorpusMissingError(
            f"Corpus file not found: {path}. Put the shared data next to the "
            f"checkout (../shared/data/corpora) or set CARREFOUR_CORPORA_DIR."
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _clean(value: str | None) -> str:
    """Collapse runs of spaces (keeping paragraph breaks) and trim."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def _municipality_for(external_id: str, municipalities: Sequence[str]) -> str:
    return municipalities[zlib.crc32(external_id.encode()) % len(municipalities)]


def _status(record: dict[str, Any], status: str) -> None:
    stage_outcome = STATUS_STAGES.get(status.strip().lower())
    if stage_outcome is None:
        return
    stage, outcome = stage_outcome
    record["stage"] = stage
    if outcome:
        record["outcome"] = outcome


def _base(
    external_id: str, title: str, language: str, municipalities: Sequence[str]
) -> dict[str, Any]:
    return {
        "external_id": external_id,
        "title": _cut(title, TITLE_MAX),
        "language": language,
        "municipality": _municipality_for(external_id, municipalities),
        "visibility": "public",
        "attribution": "named",
    }


# --- AI Incident Database -------------------------------------------------------


def _slug_list(value: str) -> list[str]:
    """AIID entity lists are JSON arrays of slugs: « keolis-north-america »."""
    try:
        items = json.loads(value or "[]")
    except json.JSONDecodeError:
        return []
    return [str(item).replace("-", " ") for item in items if item]


def aiid_record(
    row: dict[str, str], *, municipalities: Sequence[str] = (DEFAULT_MUNICIPALITY,)
) -> dict[str, Any]:
    """One AIID incident as an English failure case study."""
    external_id = f"aiid-{row['incident_id']}"
    description = _clean(row["description"])
    parties = [
        (label, ", ".join(_slug_list(row[column])))
        for label, column in (
            ("Alleged deployer", "Alleged deployer of AI system"),
            ("alleged developer", "Alleged developer of AI system"),
            (
                "alleged harmed or nearly harmed parties",
                "Alleged harmed or nearly harmed parties",
            ),
        )
    ]
    problem = "; ".join(f"{label}: {names}" for label, names in parties if names)
    record = _base(external_id, _clean(row["title"]), "en", municipalities)
    record.update(
        themes=[AI_GOVERNANCE],
        outcome="failure",
        stage="deployed",
        summary=_cut(description, SUMMARY_MAX),
        problem=f"{problem}." if problem else description,
        failed=description,
    )
    return record


def aiid_rows() -> dict[str, dict[str, str]]:
    """Incidents by incident_id."""
    return {row["incident_id"]: row for row in _rows(AIID_INCIDENTS)}


@dataclass(frozen=True)
class DuplicatePair:
    """Two records the source says (or our documented rule says) are the same."""

    source: str  # external_id similar() is asked about
    target: str  # external_id it should find
    rule: str


def aiid_duplicate_pairs(
    incidents: dict[str, dict[str, str]] | None = None,
) -> tuple[list[DuplicatePair], list[tuple[str, str]]]:
    """AIID merged-duplicate pairs whose two incidents are both in the snapshot,
    and the pairs that cannot be tested (the merged duplicate was removed)."""
    incidents = incidents if incidents is not None else aiid_rows()
    usable, missing = [], []
    for row in _rows(AIID_DUPLICATES):
        duplicate = row["duplicate_incident_number"]
        true = row["true_incident_number"]
        if duplicate in incidents and true in incidents:
            usable.append(
                DuplicatePair(f"aiid-{duplicate}", f"aiid-{true}", "aiid-merged")
            )
        else:
            missing.append((duplicate, true))
    return usable, missing


def aiid_records(
    *,
    municipalities: Sequence[str] = (DEFAULT_MUNICIPALITY,),
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """All incidents (or the first `limit` by incident number, plus every
    incident of a duplicate pair)."""
    incidents = aiid_rows()
    ids = sorted(incidents, key=int)
    if limit is not None:
        pairs, _missing = aiid_duplicate_pairs(incidents)
        wanted = {p.source.removeprefix("aiid-") for p in pairs} | {
            p.target.removeprefix("aiid-") for p in pairs
        }
        ids = sorted(set(ids[:limit]) | wanted, key=int)
    return [aiid_record(incidents[i], municipalities=municipalities) for i in ids]


# --- Government of Canada AI register (bilingual) -----------------------------


def gc_record(
    row: dict[str, str], *, municipalities: Sequence[str] = (DEFAULT_MUNICIPALITY,)
) -> dict[str, Any]:
    """One GC register system, in French."""
    external_id = f"gcair-{row['ai_register_id'].strip()}"
    title = _clean(row["name_ai_system_fr"]) or _clean(row["name_ai_system_en"])
    record = _base(external_id, title, "fr", municipalities)
    record.update(
        themes=[ADMINISTRATION],
        summary=_cut(_clean(row["ai_system_results_fr"]), SUMMARY_MAX),
        problem=_clean(row["description_ai_system_fr"])
        or _clean(row["description_ai_system_en"]),
        approach=_clean(row["ai_system_capabilities_fr"]),
    )
    data_used = _clean(row["data_sources_fr"])
    if data_used:
        record["governance"] = {"data_used": data_used}
    vendor = _clean(row["vendor_information"])
    if vendor:
        record["solutions"] = [
            {"name": _cut(title, NAME_MAX), "vendor": _cut(vendor, NAME_MAX)}
        ]
    _status(record, row["ai_system_status_en"])
    return record


def gc_rows() -> list[dict[str, str]]:
    return _rows(GC_REGISTER)


def gc_records(
    *, municipalities: Sequence[str] = (DEFAULT_MUNICIPALITY,)
) -> list[dict[str, Any]]:
    return [gc_record(row, municipalities=municipalities) for row in gc_rows()]


_VERSION = re.compile(r"\b(?:v(?:ersion)?\s*)?\d+(?:\.\d+)*\b", re.IGNORECASE)


def system_name_key(name: str) -> str:
    """A system's name without case, parentheses, version numbers or punctuation:
    « Milo 2.0 » and « Milo », « Code generation tools (Pilot) » and « Code
    generation tools » get the same key."""
    text = re.sub(r"\(.*?\)", " ", name.casefold())
    text = _VERSION.sub(" ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def gc_duplicate_groups(
    rows: Iterable[dict[str, str]] | None = None,
) -> list[list[str]]:
    """GC systems registered more than once under the same English name (see
    `system_name_key`): the same product or a version of it, often at another
    department. The rule is mechanical; no pair is picked by hand."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row in rows if rows is not None else gc_rows():
        key = system_name_key(row["name_ai_system_en"])
        if key:
            groups[key].append(f"gcair-{row['ai_register_id'].strip()}")
    return [sorted(ids) for _key, ids in sorted(groups.items()) if len(ids) > 1]


def gc_duplicate_pairs(
    rows: Iterable[dict[str, str]] | None = None,
) -> list[DuplicatePair]:
    """Every ordered pair inside each group: similar() on one must find the other."""
    return [
        DuplicatePair(source, target, "gc-same-name")
        for group in gc_duplicate_groups(rows)
        for source in group
        for target in group
        if source != target
    ]


# --- US federal AI use case inventory 2025 -----------------------------------


def us_records(
    *,
    municipalities: Sequence[str] = (DEFAULT_MUNICIPALITY,),
    limit: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Use cases with a name and some description, in English; and how many rows
    were left out for having neither. Ids in the file are often blank or reused
    by several agencies, so the external_id is the row number (stable per file)."""
    records, skipped = [], 0
    for number, row in enumerate(_rows(US_INVENTORY), start=1):
        title = _clean(row["use_case_name"])
        texts = [
            _clean(row[column])
            for column in ("problem_solved", "system_outputs", "benefits")
        ]
        if not title or not any(texts):
            skipped += 1
            continue
        problem = next(text for text in texts if text)
        outputs, benefits = texts[1], texts[2]
        record = _base(f"usfed-{number}", title, "en", municipalities)
        record.update(
            themes=[US_TOPIC_THEMES.get(row["topic_area"].strip(), ADMINISTRATION)],
            problem=problem,
            summary=_cut(benefits, SUMMARY_MAX) if benefits != problem else "",
            approach=outputs if outputs != problem else "",
        )
        _status(record, row["development_stage"])
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records, skipped


# --- EU AI Watch --------------------------------------------------------------


def eu_records(
    *, municipalities: Sequence[str] = (DEFAULT_MUNICIPALITY,)
) -> list[dict[str, Any]]:
    """AI Watch public-service cases and the Amsterdam and Helsinki registers."""
    records = []
    for path in EU_AI_WATCH:
        stem = path.stem.split("-", 1)[0]  # "ai", "11", "12"
        for number, row in enumerate(_rows(path), start=1):
            description = _clean(row["description"])
            title = _clean(row["name"])
            if not title or not description:
                continue
            record = _base(f"euaiw-{stem}-{number}", title, "en", municipalities)
            technology = _clean(row["technology"])
            record.update(
                themes=[
                    EU_SECTOR_THEMES.get(
                        row["primary_sector"].strip(), CITIZEN_SERVICES
                    )
                ],
                problem=description,
                approach="" if technology == "Unknown" else technology,
            )
            _status(record, row["status"])
            records.append(record)
    return records


# --- Importing ----------------------------------------------------------------


def as_jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False)


def import_corpus_records(
    records: Sequence[dict[str, Any]], *, skip_invalid: bool = False, progress=None
):
    """Import records through the interchange import path (validation included),
    as `manage.py import_case_studies` does; returns its ImportReport."""
    from casestudies.interchange import parse_lines
    from casestudies.services import import_case_studies

    return import_case_studies(
        records=parse_lines(lines=as_jsonl_lines(records)),
        skip_invalid=skip_invalid,
        progress=progress,
    )
