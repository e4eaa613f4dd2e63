"""Reading and validating interchange records, line by line."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from casestudies.interchange import (
    CSV_LIST_SEPARATOR,
    INTERCHANGE_KEYS,
    InterchangeFileError,
    csv_row,
    parse_lines,
    read_jsonl,
    validate_record,
    validate_records,
)
from cop.taxonomy.models import Theme
from tests.factories import MunicipalityFactory


def full_record(place, **overrides) -> dict:
    """A record using every key of the format, valid as it is."""
    record = {
        "external_id": "essai-001",
        "title": "Tri automatique des requêtes citoyennes",
        "language": "fr",
        "municipality": place.name,
        "partners": [],
        "themes": ["services-aux-citoyens", "Finances"],
        "outcome": "partial",
        "stage": "pilot",
        "started": "2023-02-01",
        "ended": "2024-01-31",
        "budget_cad": 48500.5,
        "summary": "Un modèle classe les requêtes reçues par le 311.",
        "problem": "Les requêtes attendaient deux jours avant d'être assignées.",
        "approach": "Un an de requêtes annotées, puis un essai de trois mois.",
        "solutions": [
            {"name": "Classifieur de requêtes", "vendor": "Exemple IA inc."},
            {"name": "Tableur partagé", "vendor": None},
        ],
        "indicators": [
            {
                "name": "Délai d'assignation",
                "baseline": 2,
                "result": "0,5",
                "unit": "jours",
                "method": "Moyenne mensuelle du système 311",
            },
            {
                "name": "Requêtes mal classées",
                "baseline": 18.5,
                "result": None,
                "unit": "%",
                "method": "",
            },
        ],
        "worked": "Les requêtes simples sont assignées en quelques minutes.",
        "failed": "Les requêtes en anglais restent mal classées.",
        "advice": "Annotez vos données avant de choisir un fournisseur.",
        "governance": {
            "owner": "shared",
            "decided_by": "Direction générale",
            "data_used": "Texte des requêtes, sans renseignements personnels",
            "privacy_assessment_done": True,
            "privacy_assessment_date": "2023-01-15",
        },
        "tags": ["311", "classification"],
        "visibility": "members",
        "attribution": "anonymous",
        "contact_name": "Camille Tremblay",
        "contact_email": "camille.tremblay@exemple.qc.ca",
    }
    record.update(overrides)
    return record


def write_jsonl(path: Path, lines) -> Path:
    """Write records (dicts) or raw lines (strings) as a JSON Lines file."""
    path.write_text(
        "".join(
            (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False))
            + "\n"
            for line in lines
        ),
        encoding="utf-8",
    )
    return path


def _errors_by_field(validated) -> dict[str | None, list[str]]:
    result: dict[str | None, list[str]] = {}
    for error in validated.errors:
        result.setdefault(error.field, []).append(error.message)
    return result


def test_valid_record_resolves_references_and_converts_values(
    municipality_a, municipality_b
):
    data = full_record(
        municipality_a,
        partners=[municipality_b.name],
        municipality=municipality_a.geographic_code,
    )

    validated = validate_record(data=data, line=1)

    assert validated.errors == []
    record = validated.record
    assert record.municipality == municipality_a
    assert record.partners == [municipality_b]
    assert {theme.slug for theme in record.themes} == {
        "services-aux-citoyens",
        "finances",
    }
    assert record.values["budget_cad"] == Decimal("48500.5")
    assert record.values["started"] == datetime.date(2023, 2, 1)
    assert record.values["governance_owner"] == "shared"
    assert record.values["privacy_assessment_date"] == datetime.date(2023, 1, 15)
    assert record.indicators[0]["result"] == Decimal("0.5")
    assert record.indicators[1]["baseline"] == Decimal("18.5")
    assert record.indicators[1]["result"] is None
    assert [(s.name, s.vendor) for s in record.solutions] == [
        ("Classifieur de requêtes", "Exemple IA inc."),
        ("Tableur partagé", ""),
    ]


def test_validation_reports_every_error_of_a_line_with_its_field(municipality_a):
    data = full_record(
        municipality_a,
        budget_cad=-1,
        started="2024-05-01",
        ended="2024-01-31",
        problem="<script>alert(1)</script>",
        themes=["services-aux-citoyens", "astrologie"],
        colour="bleu",
    )
    data["indicators"].append({"name": "Appels", "baseline": "douze"})

    errors = _errors_by_field(validate_record(data=data, line=7))

    assert errors["budget_cad"] == ["Le budget ne peut pas être négatif."]
    assert errors["ended"] == ["La date de fin doit suivre la date de début."]
    assert "retirez les balises HTML" in errors["problem"][0]
    assert "<script>" in errors["problem"][0]
    assert "astrologie" in errors["themes[1]"][0]
    assert "Clé inconnue" in errors["colour"][0]
    assert "douze" in errors["indicators[2].baseline"][0]
    assert set(errors) == {
        "budget_cad",
        "ended",
        "problem",
        "themes[1]",
        "colour",
        "indicators[2].baseline",
    }


def test_error_reads_line_field_and_french_message(municipality_a):
    lines = parse_lines(
        lines=[
            json.dumps(full_record(municipality_a, external_id="a")),
            "",
            json.dumps(full_record(municipality_a, external_id="b", budget_cad=-5)),
        ]
    )

    [first, second] = validate_records(records=lines)

    assert first.is_valid
    assert [str(error) for error in second.errors] == [
        "ligne 3, champ « budget_cad » : Le budget ne peut pas être négatif."
    ]


def test_missing_required_keys_are_each_reported(municipality_a):
    data = full_record(municipality_a)
    for key in ("external_id", "title", "problem", "municipality", "themes"):
        del data[key]

    validated = validate_record(data=data, line=1)

    assert validated.record is None
    assert {"external_id", "title", "problem", "municipality", "themes"} <= set(
        _errors_by_field(validated)
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("summary", "<b>x</b>"),
        ("problem", "<script>alert(1)</script>"),
        ("worked", "Très <em>bien</em>"),
        ("title", "<i>Titre</i>"),
    ],
)
def test_html_in_a_plain_text_field_is_an_error_not_stripped(
    municipality_a, key, value
):
    validated = validate_record(
        data=full_record(municipality_a, **{key: value}), line=1
    )

    assert validated.record is None
    [message] = _errors_by_field(validated)[key]
    assert "retirez les balises HTML" in message


def test_html_in_nested_text_is_an_error(municipality_a):
    data = full_record(
        municipality_a,
        tags=["<b>gras</b>"],
        solutions=[{"name": "<img src=x>", "vendor": "Exemple"}],
    )
    data["indicators"][0]["unit"] = "<span>jours</span>"

    errors = _errors_by_field(validate_record(data=data, line=1))

    assert set(errors) == {"tags[0]", "solutions[0].name", "indicators[0].unit"}


def test_ambiguous_municipality_name_asks_for_the_geographic_code(db):
    first = MunicipalityFactory(name="Saint-Homonyme", geographic_code="11111")
    second = MunicipalityFactory(name="Saint-Homonyme", geographic_code="22222")

    by_name = validate_record(data=full_record(first, partners=[second.name]), line=1)
    by_code = validate_record(
        data=full_record(first, municipality="22222", partners=[]),
        line=1,
    )

    errors = _errors_by_field(by_name)
    assert set(errors) == {"municipality", "partners[0]"}
    assert "code géographique" in errors["municipality"][0]
    assert "11111" in errors["municipality"][0]
    assert "22222" in errors["municipality"][0]
    assert by_code.errors == []
    assert by_code.record.municipality == second


def test_unknown_municipality_and_code_are_errors(municipality_a):
    validated = validate_record(
        data=full_record(
            municipality_a,
            municipality="Saint-Alphonse-Exempel",
            partners=["00001"],
        ),
        line=1,
    )

    errors = _errors_by_field(validated)
    assert "Saint-Alphonse-Exempel" in errors["municipality"][0]
    assert municipality_a.name in errors["municipality"][0]  # suggested spelling
    assert "00001" in errors["partners[0]"][0]


def test_theme_is_found_by_slug_or_french_name(municipality_a):
    theme = Theme.objects.get(slug="donnees-ouvertes")

    for reference in (theme.slug, theme.name_fr, theme.name_fr.upper()):
        validated = validate_record(
            data=full_record(municipality_a, themes=[reference]), line=1
        )
        assert validated.errors == []
        assert validated.record.themes == [theme]


def test_values_of_the_wrong_type_are_errors(municipality_a):
    data = full_record(
        municipality_a,
        partners="Montréal",
        started="31/03/2024",
        summary=12,
        outcome="victoire",
        external_id="x" * 101,
        contact_email="pas-un-courriel",
        governance={
            "owner": "maire",
            "privacy_assessment_done": "oui",
            "privacy_assessment_date": None,
            "budget": 3,
        },
        solutions=[{"vendor": "Sans nom"}, "Tableur"],
    )

    errors = _errors_by_field(validate_record(data=data, line=1))

    assert set(errors) == {
        "partners",
        "started",
        "summary",
        "outcome",
        "external_id",
        "contact_email",
        "governance.owner",
        "governance.privacy_assessment_done",
        "governance.budget",
        "solutions[0].name",
        "solutions[1]",
    }
    assert "AAAA-MM-JJ" in errors["started"][0]
    assert "100" in errors["external_id"][0]


def test_privacy_assessment_date_without_done_names_the_governance_key(
    municipality_a,
):
    data = full_record(municipality_a)
    data["governance"]["privacy_assessment_done"] = False

    errors = _errors_by_field(validate_record(data=data, line=1))

    assert errors == {
        "governance.privacy_assessment_done": [
            "Cochez cette case si une EFVP a été réalisée à cette date."
        ]
    }


def test_lines_that_are_not_json_objects_are_errors_with_their_line_number(
    municipality_a,
):
    valid = json.dumps(full_record(municipality_a))
    records = parse_lines(
        lines=[
            valid,
            "{pas du json",
            "",
            '["une", "liste"]',
            '{"title": 1, "title": 2}',
        ]
    )

    validated = validate_records(records=records)

    assert [(v.line, v.is_valid) for v in validated] == [
        (1, True),
        (2, False),
        (4, False),
        (5, False),
    ]
    assert all(v.errors[0].field is None for v in validated[1:])
    assert "JSON" in validated[1].errors[0].message
    assert "objet JSON" in validated[2].errors[0].message
    assert "deux fois" in validated[3].errors[0].message


def test_duplicate_external_id_in_a_file_is_an_error_on_the_later_line(
    municipality_a,
):
    record = json.dumps(full_record(municipality_a))
    validated = validate_records(records=parse_lines(lines=[record, record]))

    assert validated[0].is_valid
    [error] = validated[1].errors
    assert (error.line, error.field) == (2, "external_id")
    assert "ligne 1" in error.message


def test_reading_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"title": "Été"}\n'.encode("latin-1"))

    with pytest.raises(InterchangeFileError, match="UTF-8"):
        read_jsonl(path=path)
    with pytest.raises(InterchangeFileError, match="introuvable"):
        read_jsonl(path=tmp_path / "absent.jsonl")


def test_reading_skips_a_byte_order_mark_and_blank_lines(tmp_path, municipality_a):
    path = tmp_path / "bom.jsonl"
    text = json.dumps(full_record(municipality_a), ensure_ascii=False)
    path.write_text(f"\ufeff{text}\n\n", encoding="utf-8")

    [record] = read_jsonl(path=path)

    assert record.error is None
    assert record.data["external_id"] == "essai-001"


def test_csv_row_joins_lists_and_keeps_nested_values_as_json(municipality_a):
    record = full_record(municipality_a, partners=[municipality_a.name])

    row = csv_row(record)

    assert list(row) == list(INTERCHANGE_KEYS)
    assert row["themes"].split(CSV_LIST_SEPARATOR) == record["themes"]
    assert json.loads(row["indicators"]) == record["indicators"]
    assert json.loads(row["governance"]) == record["governance"]
    assert row["budget_cad"] == str(record["budget_cad"])
