"""The case-study interchange format (JSON Lines): reading, validating, writing.

One JSON object per line, with the keys of ``INTERCHANGE_KEYS``. A record is the
whole truth about a case: a key left out takes the model's default. Errors name
their line (1-based, as an editor shows it) and their field; items of a list are
numbered from 0, as in JSON paths (``indicators[2].baseline`` is the third
indicator).
"""

from __future__ import annotations

import csv
import datetime
import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Locale

from casestudies.models import (
    Attribution,
    CaseStudyPage,
    Solution,
    Vendor,
    Visibility,
)
from cop.core.validators import validate_no_html
from cop.taxonomy.models import Municipality, Theme

INTERCHANGE_KEYS: tuple[str, ...] = (
    "external_id",
    "title",
    "language",
    "municipality",
    "partners",
    "themes",
    "outcome",
    "stage",
    "started",
    "ended",
    "budget_cad",
    "summary",
    "problem",
    "approach",
    "solutions",
    "indicators",
    "worked",
    "failed",
    "advice",
    "governance",
    "tags",
    "visibility",
    "attribution",
    "contact_name",
    "contact_email",
)
SOLUTION_KEYS: tuple[str, ...] = ("name", "vendor")
INDICATOR_KEYS: tuple[str, ...] = ("name", "baseline", "result", "unit", "method")
# governance key -> model field
GOVERNANCE_FIELDS: dict[str, str] = {
    "owner": "governance_owner",
    "decided_by": "governance_decided_by",
    "data_used": "data_used",
    "privacy_assessment_done": "privacy_assessment_done",
    "privacy_assessment_date": "privacy_assessment_date",
}
TEXT_KEYS: tuple[str, ...] = (
    "title",
    "summary",
    "problem",
    "approach",
    "worked",
    "failed",
    "advice",
    "contact_name",
    "contact_email",
)
CHOICE_KEYS: tuple[str, ...] = (
    "language",
    "outcome",
    "stage",
    "visibility",
    "attribution",
)
# Every concrete model field a record sets, compared to decide "unchanged".
MODEL_FIELDS: tuple[str, ...] = (
    "external_id",
    *TEXT_KEYS,
    *CHOICE_KEYS,
    "started",
    "ended",
    "budget_cad",
    *GOVERNANCE_FIELDS.values(),
)
# Model field -> key shown in error messages.
_ERROR_KEYS: dict[str, str] = {
    model_field: f"governance.{key}" for key, model_field in GOVERNANCE_FIELDS.items()
}
# Page fields that belong to the tree or are derived: not the record's business.
_PAGE_FIELDS_NOT_VALIDATED: tuple[str, ...] = (
    "path",
    "depth",
    "numchild",
    "url_path",
    "slug",
    "draft_title",
    "locale",
    "content_type",
    "translation_key",
    "indicators",
    "attachments",
)
CSV_LIST_SEPARATOR = " | "
_CSV_JSON_KEYS = frozenset({"solutions", "indicators", "governance"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GEOGRAPHIC_CODE = re.compile(r"^\d{5}$")
_GENERATED_ID_PREFIX = "carrefour-"


class InterchangeFileError(Exception):
    """A file that cannot be read at all (missing, unreadable, not UTF-8)."""


@dataclass(frozen=True)
class InterchangeError:
    """One problem in one line of a file, in French."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return _("ligne %(line)d, champ « %(field)s » : %(message)s") % {
                "line": self.line,
                "field": self.field,
                "message": self.message,
            }
        return _("ligne %(line)d : %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True)
class SourceRecord:
    """One non-blank line of a file, decoded (``data`` is None when it is not JSON)."""

    line: int
    data: Any
    error: InterchangeError | None = None


@dataclass(frozen=True)
class SolutionRef:
    """A solution as a record names it; found or created only when writing."""

    name: str
    vendor: str  # "" when the solution has no vendor


@dataclass
class CaseStudyRecord:
    """A validated record, with its references resolved, ready to be written."""

    line: int
    external_id: str
    values: dict[str, Any]
    municipality: Municipality
    partners: list[Municipality]
    themes: list[Theme]
    solutions: list[SolutionRef]
    indicators: list[dict[str, Any]]
    tags: list[str]

    def snapshot(self) -> dict[str, Any]:
        """What the record would make of a page, comparable to ``page_snapshot``."""
        return {
            "fields": {name: self.values[name] for name in MODEL_FIELDS},
            "municipality": self.municipality.pk,
            "partners": sorted({m.pk for m in self.partners}),
            "themes": sorted({t.pk for t in self.themes}),
            "solutions": sorted({(s.name, s.vendor) for s in self.solutions}),
            "indicators": [_indicator_key(i) for i in self.indicators],
            "tags": sorted(set(self.tags)),
        }


@dataclass
class ValidatedLine:
    """One line after validation: a record, or the errors that stopped it."""

    line: int
    record: CaseStudyRecord | None = None
    errors: list[InterchangeError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.record is not None


# --- Reference data -----------------------------------------------------------


def _name_key(value: str) -> str:
    """Compare names without caring about case, apostrophes or extra spaces."""
    text = unicodedata.normalize("NFC", value).replace("’", "'")
    return " ".join(text.split()).casefold()


class References:
    """Municipalities and themes, loaded once per file rather than once per line."""

    def __init__(self) -> None:
        self._by_code: dict[str, Municipality] | None = None
        self._by_name: dict[str, list[Municipality]] = {}
        self._themes_by_slug: dict[str, Theme] | None = None
        self._themes_by_name: dict[str, Theme] = {}
        self._locale: Locale | None = None

    def _load_municipalities(self) -> dict[str, Municipality]:
        if self._by_code is None:
            self._by_code = {}
            for municipality in Municipality.objects.select_related("region"):
                self._by_code[municipality.geographic_code] = municipality
                self._by_name.setdefault(_name_key(municipality.name), []).append(
                    municipality
                )
        return self._by_code

    def _load_themes(self) -> dict[str, Theme]:
        if self._themes_by_slug is None:
            themes = list(Theme.objects.all())
            self._themes_by_slug = {theme.slug: theme for theme in themes}
            self._themes_by_name = {_name_key(theme.name_fr): theme for theme in themes}
        return self._themes_by_slug

    @property
    def locale(self) -> Locale:
        if self._locale is None:
            self._locale = Locale.get_default()
        return self._locale

    def municipality(self, value: Any) -> Municipality:
        """The municipality named by an official name or a 5-digit geographic code."""
        by_code = self._load_municipalities()
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = f"{value:05d}"
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                _(
                    "Indiquez le nom officiel de la municipalité ou son code "
                    "géographique à 5 chiffres."
                )
            )
        text = " ".join(value.split())
        if _GEOGRAPHIC_CODE.match(text):
            if text in by_code:
                return by_code[text]
            raise ValidationError(
                _("Aucune municipalité n'a le code géographique « %(code)s ».")
                % {"code": text}
            )
        matches = self._by_name.get(_name_key(text), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            choices = [
                f"{m.geographic_code} – {m.mrc or m.region.name}"
                for m in sorted(matches, key=lambda m: m.geographic_code)
            ]
            raise ValidationError(
                _(
                    "Plusieurs municipalités s'appellent « %(name)s » : indiquez "
                    "plutôt son code géographique, %(choices)s."
                )
                % {
                    "name": text,
                    "choices": _("%(some)s ou %(last)s")
                    % {"some": ", ".join(choices[:-1]), "last": choices[-1]},
                }
            )
        message = _(
            "Municipalité inconnue : « %(name)s ». Indiquez son nom officiel ou "
            "son code géographique à 5 chiffres."
        ) % {"name": text}
        close = difflib.get_close_matches(
            _name_key(text), self._by_name.keys(), n=1, cutoff=0.85
        )
        if close:
            message += " " + _("Vouliez-vous dire « %(name)s » ?") % {
                "name": self._by_name[close[0]][0].name
            }
        raise ValidationError(message)

    def municipality_label(self, municipality: Municipality) -> str:
        """The official name, or the geographic code when the name is shared."""
        self._load_municipalities()
        if len(self._by_name.get(_name_key(municipality.name), [])) == 1:
            return municipality.name
        return municipality.geographic_code

    def theme(self, value: Any) -> Theme:
        """The theme named by its slug or its French name."""
        by_slug = self._load_themes()
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(_("Indiquez l'identifiant ou le nom d'un thème."))
        text = value.strip()
        theme = by_slug.get(text) or self._themes_by_name.get(_name_key(text))
        if theme is not None:
            return theme
        message = _(
            "Thème inconnu : « %(theme)s ». Indiquez l'identifiant (par exemple "
            "« %(example)s ») ou le nom français d'un thème existant."
        ) % {"theme": text, "example": next(iter(by_slug), "services-aux-citoyens")}
        close = difflib.get_close_matches(text, by_slug.keys(), n=1, cutoff=0.8)
        if close:
            message += " " + _("Vouliez-vous dire « %(name)s » ?") % {"name": close[0]}
        raise ValidationError(message)


# --- Reading ------------------------------------------------------------------


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _object_without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def parse_lines(*, lines: Iterable[str]) -> list[SourceRecord]:
    """Decode each non-blank line; a line that is not a JSON object gets an error."""
    records = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(
                text,
                object_pairs_hook=_object_without_duplicate_keys,
                parse_constant=_refuse_constant,
            )
        except _DuplicateKeyError as exc:
            message = _("La clé « %(key)s » apparaît deux fois sur cette ligne.") % {
                "key": exc.key
            }
            records.append(
                SourceRecord(number, None, InterchangeError(number, None, message))
            )
            continue
        except json.JSONDecodeError as exc:
            message = _(
                "Cette ligne n'est pas du JSON valide (erreur à la colonne %(column)d)."
            ) % {"column": exc.colno}
            records.append(
                SourceRecord(number, None, InterchangeError(number, None, message))
            )
            continue
        except ValueError:
            message = _("Cette ligne n'est pas du JSON valide.")
            records.append(
                SourceRecord(number, None, InterchangeError(number, None, message))
            )
            continue
        if not isinstance(data, dict):
            message = _(
                "Chaque ligne doit contenir un objet JSON, entre accolades { }."
            )
            records.append(
                SourceRecord(number, data, InterchangeError(number, None, message))
            )
            continue
        records.append(SourceRecord(number, data))
    return records


def read_jsonl(*, path: Path) -> list[SourceRecord]:
    """Read a JSON Lines file; raise InterchangeFileError when it cannot be read."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            text = handle.read()
    except FileNotFoundError as exc:
        raise InterchangeFileError(
            _("Fichier introuvable : %(path)s") % {"path": path}
        ) from exc
    except IsADirectoryError as exc:
        raise InterchangeFileError(
            _("%(path)s est un dossier, pas un fichier.") % {"path": path}
        ) from exc
    except PermissionError as exc:
        raise InterchangeFileError(
            _("Lecture du fichier %(path)s refusée : vérifiez ses permissions.")
            % {"path": path}
        ) from exc
    except UnicodeDecodeError as exc:
        raise InterchangeFileError(
            _(
                "Le fichier %(path)s n'est pas encodé en UTF-8 (octet non valide à la "
                "position %(position)d)."
            )
            % {"path": path, "position": exc.start}
        ) from exc
    except OSError as exc:
        raise InterchangeFileError(
            _("Impossible de lire le fichier %(path)s (%(reason)s).")
            % {"path": path, "reason": exc.strerror or exc}
        ) from exc
    return parse_lines(lines=text.split("\n"))


# --- Validating ---------------------------------------------------------------


class _Errors:
    """Collects the errors of one line."""

    def __init__(self, line: int):
        self.line = line
        self.items: list[InterchangeError] = []
        self.failed: set[str] = set()

    def add(self, field_name: str | None, message: str) -> None:
        self.items.append(InterchangeError(self.line, field_name, str(message)))
        if field_name:
            self.failed.add(field_name)

    def add_exception(self, field_name: str | None, exc: ValidationError) -> None:
        for message in exc.messages:
            self.add(field_name, message)


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def parse_decimal(value: Any) -> Decimal | None:
    """A JSON number or a numeric string ("12,5" too) as a Decimal; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    else:
        raise ValueError(value)
    if not number.is_finite():
        raise ValueError(value)
    return number


def _number_or_error(
    errors: _Errors, field_name: str, value: Any
) -> tuple[Decimal | None, bool]:
    try:
        return parse_decimal(value), True
    except ValueError:
        errors.add(
            field_name,
            _(
                "« %(value)s » n'est pas un nombre : écrivez par exemple 1500, 12.5 "
                "ou 12,5."
            )
            % {"value": _shown(value)},
        )
        return None, False


def _text(errors: _Errors, field_name: str, value: Any) -> str:
    """A string field: null means empty; anything but text is an error."""
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(field_name, _("Ce champ doit être du texte."))
        return ""
    return value.strip()


def _plain_text(errors: _Errors, field_name: str, value: Any) -> str:
    """A string field the model does not check itself: refuse markup here."""
    text = _text(errors, field_name, value)
    try:
        validate_no_html(text)
    except ValidationError as exc:
        errors.add_exception(field_name, exc)
    return text


def _list(errors: _Errors, field_name: str, value: Any) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(field_name, _("Ce champ doit être une liste, entre crochets [ ]."))
        return []
    return value


def _object(
    errors: _Errors, field_name: str, value: Any, keys: Sequence[str]
) -> dict | None:
    if not isinstance(value, dict):
        errors.add(field_name, _("Ce champ doit être un objet, entre accolades { }."))
        return None
    for key in value:
        if key not in keys:
            errors.add(f"{field_name}.{key}", _unknown_key_message(key, keys))
    return value


def _unknown_key_message(key: str, known: Sequence[str]) -> str:
    message = _("Clé inconnue.")
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        message += " " + _("Vouliez-vous dire « %(key)s » ?") % {"key": close[0]}
    else:
        message += " " + _("Clés acceptées : %(keys)s.") % {"keys": ", ".join(known)}
    return message


def _date(errors: _Errors, field_name: str, value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.add(
        field_name,
        _(
            "« %(value)s » n'est pas une date valide : écrivez-la sous la forme "
            "AAAA-MM-JJ (par exemple 2024-03-31)."
        )
        % {"value": _shown(value)},
    )
    return None


def _choice(errors: _Errors, field_name: str, value: Any, default: str) -> str:
    """A choice field: absent or null takes the default; the model checks the rest."""
    if value is None:
        return default
    if not isinstance(value, str):
        errors.add(field_name, _("Ce champ doit être du texte."))
        return default
    return value.strip()


def _field_clean(
    errors: _Errors, field_name: str, model: type, model_field: str, value: str
) -> None:
    """Run a model field's own validators (length, format) on a nested value."""
    try:
        model._meta.get_field(model_field).clean(value, None)
    except ValidationError as exc:
        errors.add_exception(field_name, exc)


def _solutions(errors: _Errors, value: Any) -> list[SolutionRef]:
    result: list[SolutionRef] = []
    for position, item in enumerate(_list(errors, "solutions", value)):
        prefix = f"solutions[{position}]"
        item = _object(errors, prefix, item, SOLUTION_KEYS)
        if item is None:
            continue
        name = _plain_text(errors, f"{prefix}.name", item.get("name"))
        vendor = _plain_text(errors, f"{prefix}.vendor", item.get("vendor"))
        if f"{prefix}.name" not in errors.failed:
            _field_clean(errors, f"{prefix}.name", Solution, "name", name)
        if vendor and f"{prefix}.vendor" not in errors.failed:
            _field_clean(errors, f"{prefix}.vendor", Vendor, "name", vendor)
        ref = SolutionRef(name=name, vendor=vendor)
        if name and ref not in result:
            result.append(ref)
    return result


def _indicator_block():
    return CaseStudyPage._meta.get_field("indicators").stream_block.child_blocks[
        "indicator"
    ]


def _indicators(errors: _Errors, value: Any) -> list[dict[str, Any]]:
    block = _indicator_block()
    result = []
    for position, item in enumerate(_list(errors, "indicators", value)):
        prefix = f"indicators[{position}]"
        item = _object(errors, prefix, item, INDICATOR_KEYS)
        if item is None:
            continue
        indicator: dict[str, Any] = {}
        valid = True
        for key in ("name", "unit", "method"):
            indicator[key] = _plain_text(errors, f"{prefix}.{key}", item.get(key))
        for key in ("baseline", "result"):
            indicator[key], parsed = _number_or_error(
                errors, f"{prefix}.{key}", item.get(key)
            )
            valid = valid and parsed
        try:
            block.clean(block.normalize(indicator))
        except StructBlockValidationError as exc:
            for key, error in exc.block_errors.items():
                if f"{prefix}.{key}" not in errors.failed:
                    errors.add_exception(f"{prefix}.{key}", error)
            valid = False
        if valid:
            result.append(indicator)
    return result


def _tags(errors: _Errors, value: Any) -> list[str]:
    result: list[str] = []
    for position, item in enumerate(_list(errors, "tags", value)):
        field_name = f"tags[{position}]"
        tag = _plain_text(errors, field_name, item)
        if not tag:
            if isinstance(item, str) or item is None:
                errors.add(field_name, _("Un mot-clé ne peut pas être vide."))
            continue
        if len(tag) > 100:
            errors.add(
                field_name,
                _("Un mot-clé compte au plus 100 caractères (celui-ci en a %(n)d).")
                % {"n": len(tag)},
            )
            continue
        if tag not in result:
            result.append(tag)
    return result


def _default(model_field: str) -> Any:
    return CaseStudyPage._meta.get_field(model_field).get_default()


def validate_record(
    *, data: Any, line: int, references: References | None = None
) -> ValidatedLine:
    """Check one decoded line; return every error of the line, not just the first."""
    references = references or References()
    errors = _Errors(line)
    if not isinstance(data, dict):
        errors.add(
            None, _("Chaque ligne doit contenir un objet JSON, entre accolades { }.")
        )
        return ValidatedLine(line, None, errors.items)

    for key in data:
        if key not in INTERCHANGE_KEYS:
            errors.add(key, _unknown_key_message(key, INTERCHANGE_KEYS))

    values: dict[str, Any] = {}
    external_id = _text(errors, "external_id", data.get("external_id"))
    if not external_id and "external_id" not in errors.failed:
        errors.add("external_id", _("Ce champ est obligatoire."))
    values["external_id"] = external_id or None

    values["title"] = _plain_text(errors, "title", data.get("title"))
    for key in TEXT_KEYS[1:]:
        values[key] = _text(errors, key, data.get(key))
    for key in CHOICE_KEYS:
        values[key] = _choice(errors, key, data.get(key), _default(key))
    values["started"] = _date(errors, "started", data.get("started"))
    values["ended"] = _date(errors, "ended", data.get("ended"))
    values["budget_cad"] = _number_or_error(
        errors, "budget_cad", data.get("budget_cad")
    )[0]

    governance = data.get("governance")
    if governance is None:
        governance = {}
    governance = _object(errors, "governance", governance, tuple(GOVERNANCE_FIELDS))
    governance = governance or {}
    values["governance_owner"] = _choice(
        errors, "governance.owner", governance.get("owner"), ""
    )
    values["governance_decided_by"] = _text(
        errors, "governance.decided_by", governance.get("decided_by")
    )
    values["data_used"] = _text(
        errors, "governance.data_used", governance.get("data_used")
    )
    done = governance.get("privacy_assessment_done")
    if done is None:
        done = False
    if not isinstance(done, bool):
        errors.add(
            "governance.privacy_assessment_done",
            _("Ce champ doit valoir true ou false."),
        )
        done = False
    values["privacy_assessment_done"] = done
    values["privacy_assessment_date"] = _date(
        errors,
        "governance.privacy_assessment_date",
        governance.get("privacy_assessment_date"),
    )

    municipality = None
    try:
        municipality = references.municipality(data.get("municipality"))
    except ValidationError as exc:
        errors.add_exception("municipality", exc)

    partners: list[Municipality] = []
    for position, item in enumerate(_list(errors, "partners", data.get("partners"))):
        try:
            partner = references.municipality(item)
        except ValidationError as exc:
            errors.add_exception(f"partners[{position}]", exc)
            continue
        if partner not in partners:
            partners.append(partner)

    themes: list[Theme] = []
    raw_themes = _list(errors, "themes", data.get("themes"))
    if not raw_themes and "themes" not in errors.failed:
        errors.add("themes", _("Indiquez au moins un thème."))
    for position, item in enumerate(raw_themes):
        try:
            theme = references.theme(item)
        except ValidationError as exc:
            errors.add_exception(f"themes[{position}]", exc)
            continue
        if theme not in themes:
            themes.append(theme)

    solutions = _solutions(errors, data.get("solutions"))
    indicators = _indicators(errors, data.get("indicators"))
    tags = _tags(errors, data.get("tags"))

    # The model's own validators and clean(): the admin gives the same messages.
    page = CaseStudyPage(**values, municipality=municipality)
    page.locale = references.locale
    excluded = [
        *_PAGE_FIELDS_NOT_VALIDATED,
        *(name for name in MODEL_FIELDS if _error_key(name) in errors.failed),
    ]
    if municipality is None:
        excluded.append("municipality")
    try:
        page.full_clean(exclude=excluded, validate_unique=False)
    except ValidationError as exc:
        for model_field, messages in exc.message_dict.items():
            key = None if model_field == NON_FIELD_ERRORS else _error_key(model_field)
            for message in messages:
                errors.add(key, message)

    if errors.items:
        return ValidatedLine(line, None, sorted(errors.items, key=_error_order))
    record = CaseStudyRecord(
        line=line,
        external_id=external_id,
        values=values,
        municipality=municipality,
        partners=partners,
        themes=themes,
        solutions=solutions,
        indicators=indicators,
        tags=tags,
    )
    return ValidatedLine(line, record, [])


def _error_order(error: InterchangeError) -> int:
    """Errors of a line in the order of the format's keys; unknown keys last."""
    if error.field is None:
        return -1
    key = re.split(r"[.\[]", error.field, maxsplit=1)[0]
    return (
        INTERCHANGE_KEYS.index(key)
        if key in INTERCHANGE_KEYS
        else len(INTERCHANGE_KEYS)
    )


def _error_key(model_field: str) -> str:
    return _ERROR_KEYS.get(model_field, model_field)


def validate_records(*, records: Sequence[SourceRecord]) -> list[ValidatedLine]:
    """Validate every line of a file, including external_ids repeated in the file."""
    references = References()
    seen: dict[str, int] = {}
    result = []
    for source in records:
        if source.error is not None:
            result.append(ValidatedLine(source.line, None, [source.error]))
            continue
        validated = validate_record(
            data=source.data, line=source.line, references=references
        )
        external_id = source.data.get("external_id")
        if isinstance(external_id, str) and external_id.strip():
            external_id = external_id.strip()
            if external_id in seen:
                validated.record = None
                validated.errors.append(
                    InterchangeError(
                        source.line,
                        "external_id",
                        _(
                            "L'identifiant « %(id)s » est déjà utilisé à la ligne "
                            "%(line)d de ce fichier."
                        )
                        % {"id": external_id, "line": seen[external_id]},
                    )
                )
                validated.errors.sort(key=_error_order)
            else:
                seen[external_id] = source.line
        result.append(validated)
    return result


# --- Comparing and writing ----------------------------------------------------


def _indicator_key(indicator: Mapping[str, Any]) -> tuple:
    return (
        indicator["name"] or "",
        indicator["baseline"],
        indicator["result"],
        indicator["unit"] or "",
        indicator["method"] or "",
    )


def page_snapshot(page: CaseStudyPage) -> dict[str, Any]:
    """A page's interchange content, comparable to ``CaseStudyRecord.snapshot``."""
    return {
        "fields": {name: getattr(page, name) for name in MODEL_FIELDS},
        "municipality": page.municipality_id,
        "partners": sorted({m.pk for m in page.partners.all()}),
        "themes": sorted({t.pk for t in page.themes.all()}),
        "solutions": sorted(
            {
                (s.name, s.vendor.name if s.vendor_id else "")
                for s in page.solutions.all()
            }
        ),
        "indicators": [
            _indicator_key(block.value)
            for block in page.indicators
            if block.block_type == "indicator"
        ],
        "tags": sorted({tag.name for tag in page.tags.all()}),
    }


def external_id_of(page: CaseStudyPage) -> str:
    """The page's external_id, or a stable one derived from its translation key."""
    return page.external_id or f"{_GENERATED_ID_PREFIX}{page.translation_key}"


def generated_translation_key(external_id: str) -> str | None:
    """The translation key inside an id made by ``external_id_of``, if it is one."""
    if not external_id.startswith(_GENERATED_ID_PREFIX):
        return None
    key = external_id.removeprefix(_GENERATED_ID_PREFIX)
    return (
        key if re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", key) else None
    )


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def page_to_record(
    *, page: CaseStudyPage, references: References, include_private: bool = True
) -> dict[str, Any]:
    """Serialise a page; without include_private, anonymous cases lose their
    municipality and partners, and no contact is given."""
    hide_place = not include_private and page.attribution == Attribution.ANONYMOUS
    partners = sorted(page.partners.all(), key=lambda m: (m.name, m.geographic_code))
    solutions = sorted(
        page.solutions.all(),
        key=lambda s: (s.name, s.vendor.name if s.vendor_id else ""),
    )
    return {
        "external_id": external_id_of(page),
        "title": page.title,
        "language": page.language,
        "municipality": (
            None if hide_place else references.municipality_label(page.municipality)
        ),
        "partners": (
            [] if hide_place else [references.municipality_label(m) for m in partners]
        ),
        "themes": [theme.slug for theme in page.themes.all()],
        "outcome": page.outcome,
        "stage": page.stage,
        "started": _iso(page.started),
        "ended": _iso(page.ended),
        "budget_cad": _json_number(page.budget_cad),
        "summary": page.summary,
        "problem": page.problem,
        "approach": page.approach,
        "solutions": [
            {"name": s.name, "vendor": s.vendor.name if s.vendor_id else None}
            for s in solutions
        ],
        "indicators": [
            {
                "name": block.value["name"],
                "baseline": _json_number(block.value["baseline"]),
                "result": _json_number(block.value["result"]),
                "unit": block.value["unit"] or "",
                "method": block.value["method"] or "",
            }
            for block in page.indicators
            if block.block_type == "indicator"
        ],
        "worked": page.worked,
        "failed": page.failed,
        "advice": page.advice,
        "governance": {
            "owner": page.governance_owner or None,
            "decided_by": page.governance_decided_by,
            "data_used": page.data_used,
            "privacy_assessment_done": page.privacy_assessment_done,
            "privacy_assessment_date": _iso(page.privacy_assessment_date),
        },
        "tags": sorted(item.tag.name for item in page.tagged_items.all()),
        "visibility": page.visibility,
        "attribution": page.attribution,
        "contact_name": page.contact_name if include_private else "",
        "contact_email": page.contact_email if include_private else "",
    }


def export_records(
    *,
    include_private: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Live case studies as interchange records; members-only ones only if asked."""
    pages = (
        CaseStudyPage.objects.live()
        .select_related("municipality")
        .prefetch_related(
            "partners", "themes", "solutions__vendor", "tagged_items__tag"
        )
        .order_by("pk")
    )
    if not include_private:
        pages = pages.filter(visibility=Visibility.PUBLIC)
    references = References()
    total = pages.count()
    if progress:
        progress(0, total)
    for done, page in enumerate(pages.iterator(chunk_size=200), start=1):
        yield page_to_record(
            page=page, references=references, include_private=include_private
        )
        if progress:
            progress(done, total)


def write_jsonl(*, records: Iterable[Mapping[str, Any]], stream: TextIO) -> int:
    """Write one JSON object per line; return how many."""
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def csv_row(record: Mapping[str, Any]) -> dict[str, str]:
    """Flatten a record: lists joined with " | ", nested values as JSON."""
    row = {}
    for key in INTERCHANGE_KEYS:
        value = record.get(key)
        if key in _CSV_JSON_KEYS:
            row[key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, list):
            row[key] = CSV_LIST_SEPARATOR.join(str(item) for item in value)
        elif value is None:
            row[key] = ""
        else:
            row[key] = str(value)
    return row


def write_csv(*, records: Iterable[Mapping[str, Any]], stream: TextIO) -> int:
    """Write a header and one row per record; return how many."""
    writer = csv.DictWriter(stream, fieldnames=INTERCHANGE_KEYS)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
    return count
