from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document


def test_oversized_attachment_is_refused_with_a_french_message(
    client, contributor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client.force_login(contributor)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Grille d'évaluation",
            "file": SimpleUploadedFile("grille.pdf", b"%PDF-1.4\n" + b"x" * 4096),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert "Ce fichier est trop gros" in response.content.decode()
    assert not Document.objects.exists()


def test_attachment_within_the_limit_is_stored(client, contributor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(contributor)
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Appel d'offres",
            "file": SimpleUploadedFile("ao.pdf", b"%PDF-1.4\n" + b"x" * 100),
            "collection": 1,
        },
    )
    assert Document.objects.get().title == "Appel d'offres"


def _case_with_attachment(municipality, visibility, tmp_path, settings):
    from django.core.files.base import ContentFile

    from tests.factories import ThemeFactory, make_case_study

    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        title="Grille", file=ContentFile(b"%PDF-1.4 grille", name="grille.pdf")
    )
    make_case_study(
        municipality=municipality,
        themes=[ThemeFactory(slug="pj")],
        visibility=visibility,
        attachments=[
            ("attachment", {"kind": "grid", "title": "Grille", "document": document})
        ],
    )
    return document


def test_attachment_of_a_members_only_case_is_not_served_to_visitors(
    client, case_index, municipality_a, tmp_path, settings
):
    document = _case_with_attachment(municipality_a, "members", tmp_path, settings)
    response = client.get(document.url)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_attachment_of_a_members_only_case_is_served_to_members(
    client, member, case_index, municipality_a, tmp_path, settings
):
    document = _case_with_attachment(municipality_a, "members", tmp_path, settings)
    client.force_login(member)
    response = client.get(document.url)
    assert response.status_code == 200


def test_attachment_of_a_public_case_is_served_to_visitors(
    client, case_index, municipality_a, tmp_path, settings
):
    document = _case_with_attachment(municipality_a, "public", tmp_path, settings)
    assert client.get(document.url).status_code == 200
