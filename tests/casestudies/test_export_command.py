"""manage.py export_case_studies: the interchange format, minus what is private."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from taggit.models import Tag

from casestudies.interchange import CSV_LIST_SEPARATOR, INTERCHANGE_KEYS
from casestudies.models import CaseStudyPage, Solution, Vendor
from cop.taxonomy.models import Theme
from tests.casestudies.test_interchange import full_record, write_jsonl
from tests.factories import MunicipalityFactory, make_case_study


def run_export(*options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_case_studies", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exported_records(*options) -> list[dict]:
    out, _ = run_export(*options)
    return [json.loads(line) for line in out.splitlines()]


def import_records(tmp_path, records, name="cas.jsonl") -> None:
    path = write_jsonl(tmp_path / name, records)
    call_command("import_case_studies", str(path), stdout=io.StringIO())


@pytest.fixture
def secret_place(db):
    return MunicipalityFactory(name="Sainte-Discrète-du-Lac", geographic_code="98765")


@pytest.fixture
def secret_partner(db):
    return MunicipalityFactory(
        name="Saint-Partenaire-Caché", geographic_code="98766", population=30_000
    )


@pytest.fixture
def cases(case_index, municipality_a, secret_place, secret_partner, tmp_path):
    """A public named case, a public anonymous case and a members-only case."""
    import_records(
        tmp_path,
        [
            full_record(
                municipality_a,
                external_id="public-nomme",
                visibility="public",
                attribution="named",
            ),
            full_record(
                secret_place,
                external_id="public-anonyme",
                title="Projet d'une municipalité discrète",
                partners=[secret_partner.name],
                visibility="public",
                attribution="anonymous",
                contact_email="direction@municipalite.exemple.qc.ca",
            ),
            full_record(
                municipality_a,
                external_id="membres-seulement",
                title="Projet réservé aux membres",
                visibility="members",
                attribution="named",
            ),
        ],
    )
    return CaseStudyPage.objects.all()


def test_public_export_leaves_out_members_only_cases(cases):
    ids = [record["external_id"] for record in exported_records()]
    everything = [r["external_id"] for r in exported_records("--include-private")]

    assert ids == ["public-nomme", "public-anonyme"]
    assert everything == ["public-nomme", "public-anonyme", "membres-seulement"]


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_public_export_never_names_the_municipality_of_an_anonymous_case(
    cases, secret_place, secret_partner, output_format
):
    public, _ = run_export("--format", output_format)
    private, _ = run_export("--format", output_format, "--include-private")

    for secret in (
        secret_place.name,
        secret_place.geographic_code,
        secret_partner.name,
        secret_partner.geographic_code,
        "direction@municipalite",
    ):
        assert secret not in public
    for shown_to_members in (secret_place.name, secret_partner.name):
        assert shown_to_members in private
    assert "Projet d'une municipalité discrète" in public


def test_anonymous_case_is_exported_with_its_attribution_and_no_place(cases):
    [anonymous] = [
        r for r in exported_records() if r["external_id"] == "public-anonyme"
    ]
    [named] = [r for r in exported_records() if r["external_id"] == "public-nomme"]

    assert anonymous["attribution"] == "anonymous"
    assert anonymous["municipality"] is None
    assert anonymous["partners"] == []
    assert named["municipality"] == "Saint-Alphonse-Exemple"


def test_export_has_every_interchange_key_and_only_live_case_studies(
    cases, municipality_a
):
    make_case_study(
        municipality=municipality_a,
        themes=[Theme.objects.first()],
        publish=False,
        external_id="brouillon",
    )

    records = exported_records("--include-private")

    assert "brouillon" not in {r["external_id"] for r in records}
    assert all(list(record) == list(INTERCHANGE_KEYS) for record in records)


def test_csv_export_has_one_row_per_case_with_lists_joined(cases):
    out, _ = run_export("--format", "csv", "--include-private")
    by_id = {r["external_id"]: r for r in exported_records("--include-private")}

    rows = list(csv.DictReader(io.StringIO(out)))

    assert [row["external_id"] for row in rows] == list(by_id)
    for row in rows:
        record = by_id[row["external_id"]]
        assert row["themes"].split(CSV_LIST_SEPARATOR) == record["themes"]
        assert row["tags"].split(CSV_LIST_SEPARATOR) == record["tags"]
        assert json.loads(row["solutions"]) == record["solutions"]
        assert json.loads(row["indicators"]) == record["indicators"]
        assert json.loads(row["governance"]) == record["governance"]
        assert row["title"] == record["title"]


def test_export_to_a_file_keeps_progress_on_stderr(cases, tmp_path):
    path = tmp_path / "export.jsonl"

    to_file_out, to_file_err = run_export("--output", str(path))
    to_stdout_out, to_stdout_err = run_export()

    assert to_file_out == ""
    assert path.read_text(encoding="utf-8") == to_stdout_out
    for line in to_stdout_out.splitlines():
        json.loads(line)  # nothing but data on stdout
    assert "100%" in to_stdout_err
    assert "2 études de cas exportées" in to_file_err


def test_private_export_reimported_into_an_empty_database_gives_the_same_records(
    cases, municipality_a, tmp_path
):
    namesake = MunicipalityFactory(name="Saint-Homonyme", geographic_code="33333")
    MunicipalityFactory(name="Saint-Homonyme", geographic_code="44444")
    import_records(
        tmp_path,
        [full_record(namesake, external_id="homonyme", municipality="33333")],
        name="homonyme.jsonl",
    )
    make_case_study(  # made in the admin: no external_id
        municipality=municipality_a, themes=[Theme.objects.get(slug="finances")]
    )
    exported = exported_records("--include-private")
    assert len(exported) == 5
    assert {"33333"} <= {r["municipality"] for r in exported}

    for page in CaseStudyPage.objects.all():
        page.delete()
    Solution.objects.all().delete()
    Vendor.objects.all().delete()
    Tag.objects.all().delete()
    import_records(tmp_path, exported, name="export.jsonl")

    assert exported_records("--include-private") == exported


def test_reimporting_an_export_into_the_same_database_creates_nothing(
    cases, municipality_a, tmp_path
):
    admin_page = make_case_study(
        municipality=municipality_a, themes=[Theme.objects.get(slug="finances")]
    )
    export = write_jsonl(
        tmp_path / "export.jsonl", exported_records("--include-private")
    )
    pages = CaseStudyPage.objects.count()

    first = io.StringIO()
    call_command("import_case_studies", str(export), stdout=first)
    second = io.StringIO()
    call_command("import_case_studies", str(export), stdout=second)

    assert CaseStudyPage.objects.count() == pages
    # The page made in the admin takes the id the export gave it, once.
    assert "0 créées, 1 mise à jour, 3 inchangées" in first.getvalue()
    assert "0 créées, 0 mises à jour, 4 inchangées" in second.getvalue()
    admin_page.refresh_from_db()
    assert admin_page.external_id
