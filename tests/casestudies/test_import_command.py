"""manage.py import_case_studies: validate everything, then import in one go."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag
from wagtail.models import Revision

from casestudies import services
from casestudies.models import CaseStudyPage, Solution, Vendor
from casestudies.services import CaseStudyImportError
from tests.casestudies.test_interchange import full_record, write_jsonl
from tests.factories import MunicipalityFactory, SolutionFactory, VendorFactory


def run_import(path, *options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_case_studies", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def database_state() -> dict[str, int]:
    return {
        "pages": CaseStudyPage.objects.count(),
        "revisions": Revision.objects.count(),
        "vendors": Vendor.objects.count(),
        "solutions": Solution.objects.count(),
        "tags": Tag.objects.count(),
    }


@pytest.fixture
def two_records(municipality_a, municipality_b):
    return [
        full_record(municipality_a, partners=[municipality_b.name]),
        full_record(
            municipality_b,
            external_id="essai-002",
            title="Capteurs de niveau dans les conteneurs",
            visibility="public",
            attribution="named",
            themes=["eau-et-matieres-residuelles"],
            solutions=[],
            indicators=[],
            governance=None,
            tags=[],
        ),
    ]


def test_import_creates_published_pages_with_every_field(
    case_index, municipality_a, municipality_b, tmp_path
):
    record = full_record(municipality_a, partners=[municipality_b.name])
    path = write_jsonl(tmp_path / "cas.jsonl", [record])

    out, _ = run_import(path)

    page = CaseStudyPage.objects.get(external_id=record["external_id"])
    assert page.get_parent().pk == case_index.pk
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision_id == page.latest_revision_id
    assert page.title == record["title"]
    for key in ("language", "outcome", "stage", "visibility", "attribution"):
        assert getattr(page, key) == record[key]
    for key in ("summary", "problem", "approach", "worked", "failed", "advice"):
        assert getattr(page, key) == record[key]
    assert page.contact_name == record["contact_name"]
    assert page.contact_email == record["contact_email"]
    assert page.municipality == municipality_a
    assert list(page.partners.all()) == [municipality_b]
    assert {t.slug for t in page.themes.all()} == {"services-aux-citoyens", "finances"}
    assert page.started == datetime.date.fromisoformat(record["started"])
    assert page.ended == datetime.date.fromisoformat(record["ended"])
    assert page.budget_cad == Decimal(str(record["budget_cad"]))
    assert {
        (s.name, s.vendor.name if s.vendor else None) for s in page.solutions.all()
    } == {(s["name"], s["vendor"]) for s in record["solutions"]}
    assert [dict(block.value) for block in page.indicators] == [
        {
            "name": "Délai d'assignation",
            "baseline": Decimal("2"),
            "result": Decimal("0.5"),
            "unit": "jours",
            "method": "Moyenne mensuelle du système 311",
        },
        {
            "name": "Requêtes mal classées",
            "baseline": Decimal("18.5"),
            "result": None,
            "unit": "%",
            "method": "",
        },
    ]
    governance = record["governance"]
    assert page.governance_owner == governance["owner"]
    assert page.governance_decided_by == governance["decided_by"]
    assert page.data_used == governance["data_used"]
    assert page.privacy_assessment_done is governance["privacy_assessment_done"]
    assert page.privacy_assessment_date == datetime.date.fromisoformat(
        governance["privacy_assessment_date"]
    )
    assert sorted(t.name for t in page.tags.all()) == sorted(record["tags"])
    assert "100%" in out
    assert "1 créée, 0 mises à jour, 0 inchangées, 0 ignorées" in out


def test_file_with_errors_imports_nothing_and_reports_every_error(
    case_index, municipality_a, tmp_path
):
    before = database_state()
    path = write_jsonl(
        tmp_path / "erreurs.jsonl",
        [
            full_record(municipality_a, external_id="bon-1"),
            full_record(
                municipality_a,
                external_id="mauvais-2",
                budget_cad=-10,
                themes=["astrologie"],
            ),
            "{ceci n'est pas du JSON",
            full_record(
                municipality_a, external_id="mauvais-4", summary="<b>Important</b>"
            ),
        ],
    )

    with pytest.raises(CommandError) as raised:
        run_import(path)

    message = str(raised.value)
    assert "Rien n'a été importé" in message
    assert "ligne 2, champ « budget_cad » : Le budget ne peut pas être négatif." in (
        message
    )
    assert "ligne 2, champ « themes[0] » : Thème inconnu : « astrologie »" in message
    assert "ligne 3 : Cette ligne n'est pas du JSON valide" in message
    assert "ligne 4, champ « summary » : Ce champ accepte du texte seulement" in (
        message
    )
    assert "--skip-invalid" in message
    assert database_state() == before


def test_skip_invalid_imports_only_the_valid_lines(
    case_index, municipality_a, tmp_path
):
    path = write_jsonl(
        tmp_path / "mixte.jsonl",
        [
            full_record(municipality_a, external_id="bon-1"),
            full_record(municipality_a, external_id="mauvais-2", budget_cad=-10),
            "[]",
            full_record(municipality_a, external_id="bon-4", title="Autre projet"),
        ],
    )

    out, err = run_import(path, "--skip-invalid")

    assert set(CaseStudyPage.objects.values_list("external_id", flat=True)) == {
        "bon-1",
        "bon-4",
    }
    assert "2 créées, 0 mises à jour, 0 inchangées, 2 ignorées" in out
    assert "ligne 2, champ « budget_cad »" in err
    assert "ligne 3 :" in err


def test_reimporting_an_identical_file_leaves_every_page_unchanged(
    case_index, two_records, tmp_path
):
    path = write_jsonl(tmp_path / "cas.jsonl", two_records)
    run_import(path)
    before = database_state()

    out, _ = run_import(path)

    assert "0 créées, 0 mises à jour, 2 inchangées, 0 ignorées" in out
    assert database_state() == before


def test_reimporting_a_changed_record_updates_its_page_in_place(
    case_index, two_records, tmp_path
):
    run_import(write_jsonl(tmp_path / "v1.jsonl", two_records))
    page = CaseStudyPage.objects.get(external_id="essai-001")
    revisions = Revision.objects.count()
    two_records[0]["outcome"] = "success"
    two_records[0]["themes"] = ["environnement"]
    two_records[0]["indicators"] = two_records[0]["indicators"][:1]

    out, _ = run_import(write_jsonl(tmp_path / "v2.jsonl", two_records))

    assert "0 créées, 1 mise à jour, 1 inchangée, 0 ignorée" in out
    updated = CaseStudyPage.objects.get(external_id="essai-001")
    assert updated.pk == page.pk
    assert CaseStudyPage.objects.count() == 2
    assert updated.outcome == "success"
    assert [t.slug for t in updated.themes.all()] == ["environnement"]
    assert len(updated.indicators) == 1
    assert Revision.objects.count() == revisions + 1
    assert updated.live and not updated.has_unpublished_changes
    assert updated.live_revision_id != page.live_revision_id


def test_dry_run_writes_nothing_but_reports_what_would_change(
    case_index, two_records, tmp_path
):
    run_import(write_jsonl(tmp_path / "v1.jsonl", two_records[:1]))
    before = database_state()
    two_records[0]["budget_cad"] = 99000
    two_records[0]["solutions"].append({"name": "Nouvel outil", "vendor": "Nouveau"})
    two_records[0]["tags"].append("nouveau-mot-clé")

    out, _ = run_import(write_jsonl(tmp_path / "v2.jsonl", two_records), "--dry-run")

    assert database_state() == before
    page = CaseStudyPage.objects.get(external_id="essai-001")
    assert page.budget_cad != 99000
    assert "rien n'a été enregistré" in out
    assert "Seraient créées : essai-002" in out
    assert "Seraient mises à jour : essai-001" in out
    assert "1 créée, 1 mise à jour, 0 inchangées, 0 ignorées" in out


def test_dry_run_of_a_file_with_errors_still_reports_them(
    case_index, municipality_a, tmp_path
):
    path = write_jsonl(
        tmp_path / "erreur.jsonl", [full_record(municipality_a, language="de")]
    )

    with pytest.raises(CommandError, match="ligne 1, champ « language »"):
        run_import(path, "--dry-run")


def test_no_publish_creates_drafts_and_reimport_compares_with_the_draft(
    case_index, two_records, tmp_path
):
    path = write_jsonl(tmp_path / "cas.jsonl", two_records)

    run_import(path, "--no-publish")
    page = CaseStudyPage.objects.get(external_id="essai-001")
    out, _ = run_import(path, "--no-publish")

    assert not page.live
    assert page.get_latest_revision_as_object().title == two_records[0]["title"]
    assert "0 créées, 0 mises à jour, 2 inchangées" in out

    out, _ = run_import(path)  # publishing the drafts is an update
    assert "0 créées, 2 mises à jour, 0 inchangées" in out
    assert CaseStudyPage.objects.live().count() == 2


def test_ambiguous_municipality_name_is_refused_and_its_code_accepted(
    case_index, tmp_path
):
    first = MunicipalityFactory(name="Saint-Homonyme", geographic_code="11111")
    second = MunicipalityFactory(name="Saint-Homonyme", geographic_code="22222")
    record = full_record(first)

    with pytest.raises(CommandError) as raised:
        run_import(write_jsonl(tmp_path / "nom.jsonl", [record]))
    assert "ligne 1, champ « municipality » : Plusieurs municipalités" in str(
        raised.value
    )
    assert not CaseStudyPage.objects.exists()

    record["municipality"] = second.geographic_code
    run_import(write_jsonl(tmp_path / "code.jsonl", [record]))
    assert CaseStudyPage.objects.get().municipality == second


def test_import_reuses_existing_vendors_and_solutions(
    case_index, municipality_a, tmp_path
):
    vendor = VendorFactory(name="Exemple IA inc.")
    solution = SolutionFactory(name="Classifieur de requêtes", vendor=vendor)
    vendors, solutions = Vendor.objects.count(), Solution.objects.count()

    run_import(write_jsonl(tmp_path / "cas.jsonl", [full_record(municipality_a)]))

    page = CaseStudyPage.objects.get()
    assert solution in page.solutions.all()
    # Only the solution without a vendor is new.
    assert Vendor.objects.count() == vendors
    assert Solution.objects.count() == solutions + 1


def test_import_is_all_or_nothing_when_a_page_cannot_be_written(
    case_index, two_records, tmp_path, monkeypatch
):
    run_import(write_jsonl(tmp_path / "v1.jsonl", two_records[:1]))
    two_records[0]["title"] = "Titre modifié"

    def no_index():
        raise CaseStudyImportError("index absent")

    monkeypatch.setattr(services, "case_study_index", no_index)
    with pytest.raises(CommandError, match="index absent"):
        run_import(write_jsonl(tmp_path / "v2.jsonl", two_records))

    page = CaseStudyPage.objects.get()
    assert page.title != "Titre modifié"
    assert page.get_latest_revision_as_object().title != "Titre modifié"


def test_import_without_a_case_study_index_is_a_clear_error(
    db, municipality_a, tmp_path
):
    from casestudies.models import CaseStudyIndexPage

    for index in CaseStudyIndexPage.objects.all():
        index.delete()
    path = write_jsonl(tmp_path / "cas.jsonl", [full_record(municipality_a)])

    with pytest.raises(CommandError, match="Aucune page « Études de cas »"):
        run_import(path)
    assert not Vendor.objects.filter(name="Exemple IA inc.").exists()


def test_missing_or_unreadable_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run_import(tmp_path / "absent.jsonl")
    with pytest.raises(CommandError, match="dossier"):
        run_import(tmp_path)
    binary = tmp_path / "image.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(CommandError, match="UTF-8"):
        run_import(binary)
