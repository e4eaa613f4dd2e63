"""Law 25: a member downloads their own data, and erases their account while
what they wrote for the community stays."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from cop.accounts import services
from cop.accounts.models import NotificationFrequency, Profile, User
from cop.accounts.privacy import export_member_data
from tests.factories import UserFactory, give_profile, make_case_study

PASSWORD = "mot-de-passe-solide-1"  # tests.factories.UserFactory's


@pytest.fixture
def person(db, municipality_a):
    user = UserFactory(
        email="camille.roy@a.exemple.qc.ca",
        first_name="Camille",
        last_name="Roy",
        groups=["Members", "Contributors"],
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    EmailAddress.objects.create(
        user=user, email="camille.perso@exemple.com", verified=False, primary=False
    )
    give_profile(
        user,
        municipality=municipality_a,
        display_name="Camille R.",
        role_kind="employee",
        bio="Responsable des projets numériques.",
        approval_status="approved",
        notification_frequency=NotificationFrequency.DAILY,
    )
    return user


@pytest.fixture
def other(db, municipality_a, moderator):
    """Another member of the same town, who touched the same case study."""
    user = UserFactory(
        email="alex.bouchard@a.exemple.qc.ca",
        first_name="Alexandrine",
        last_name="Bouchard",
        groups=["Members", "Contributors"],
    )
    give_profile(
        user,
        municipality=municipality_a,
        display_name="Alexandrine B.",
        bio="Biographie d'une autre personne.",
        approval_status="approved",
        approval_decided_by=moderator,
        approval_decided_at=timezone.now(),
    )
    return user


def _download(client) -> dict:
    response = client.get(reverse("members:export_data"))
    assert response.status_code == 200
    return json.loads(response.content)


# --- Export ---------------------------------------------------------------------


def test_export_is_a_json_file_to_download(client, person):
    client.force_login(person)
    response = client.get(reverse("members:export_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".json" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_export_holds_the_account_profile_addresses_and_groups(
    client, person, municipality_a
):
    client.force_login(person)
    data = _download(client)
    account = data["account"]
    assert account["email"] == "camille.roy@a.exemple.qc.ca"
    assert (account["first_name"], account["last_name"]) == ("Camille", "Roy")
    assert account["date_joined"] == person.date_joined.isoformat()
    person.refresh_from_db()
    assert account["last_login"] == person.last_login.isoformat()
    profile = data["profile"]
    assert profile["display_name"] == "Camille R."
    assert profile["role_kind"] == "employee"
    assert profile["municipality"]["name"] == municipality_a.name
    assert profile["bio"] == "Responsable des projets numériques."
    assert profile["notification_frequency"] == "daily"
    assert profile["approval_status"] == "approved"
    assert sorted(a["email"] for a in data["email_addresses"]) == [
        "camille.perso@exemple.com",
        "camille.roy@a.exemple.qc.ca",
    ]
    assert data["groups"] == ["Contributors", "Members"]


def test_export_lists_the_case_studies_they_own_or_revised(
    person, other, municipality_a, case_index
):
    own = make_case_study(
        municipality=municipality_a, title="Mon étude publiée", owner=person
    )
    draft = make_case_study(
        municipality=municipality_a,
        title="Mon brouillon",
        owner=person,
        publish=False,
    )
    revised = make_case_study(
        municipality=municipality_a, title="Étude d'Alexandrine", owner=other
    )
    revised.title = "Étude d'Alexandrine, corrigée"
    revised.save_revision(user=person)
    make_case_study(municipality=municipality_a, title="Pas à moi", owner=other)

    cases = {
        case["title"]: case for case in export_member_data(user=person)["case_studies"]
    }

    assert set(cases) == {"Mon étude publiée", "Mon brouillon", "Étude d'Alexandrine"}
    assert cases["Mon étude publiée"]["live"] is True
    assert cases["Mon étude publiée"]["status"] == "publiée"
    assert cases["Mon étude publiée"]["url"].endswith(own.url)
    assert cases["Mon brouillon"]["status"] == "brouillon"
    assert cases["Mon brouillon"]["url"].endswith(draft.url)
    assert cases["Étude d'Alexandrine"]["owner"] is False
    assert cases["Étude d'Alexandrine"]["revised"] is True


def test_export_says_nothing_about_other_members(
    client, person, other, moderator, municipality_a, case_index
):
    case = make_case_study(
        municipality=municipality_a,
        title="Étude partagée",
        owner=person,
        contact_name="Alexandrine Bouchard",
        contact_email=other.email,
    )
    case.save_revision(user=other)
    give_profile(
        person,
        municipality=municipality_a,
        display_name="Camille R.",
        approval_status="approved",
        approval_decided_by=moderator,
        approval_decided_at=timezone.now(),
    )
    client.force_login(person)

    text = client.get(reverse("members:export_data")).content.decode()

    assert "Étude partagée" in text
    for trace in (
        other.email,
        "Alexandrine",
        "Bouchard",
        "Biographie d'une autre personne.",
        moderator.email,
        moderator.last_name,
    ):
        assert trace not in text


def test_export_needs_a_signed_in_member(client, db):
    response = client.get(reverse("members:export_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Account deletion -------------------------------------------------------------


def test_delete_page_explains_and_asks_for_the_password(client, person):
    client.force_login(person)
    response = client.get(reverse("members:delete_account"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in html
    assert "Ancien membre" in html
    assert reverse("members:export_data") in html


def test_a_wrong_password_deletes_nothing(client, person):
    client.force_login(person)
    response = client.post(
        reverse("members:delete_account"), {"password": "pas-le-bon-mot-de-passe"}
    )
    assert response.status_code == 200
    assert "Ce mot de passe est incorrect." in response.content.decode()
    person.refresh_from_db()
    assert person.is_active
    assert person.email == "camille.roy@a.exemple.qc.ca"
    assert EmailAddress.objects.filter(user=person).count() == 2


def test_deleting_the_account_erases_personal_data(client, site_root, person):
    client.force_login(person)
    response = client.post(
        reverse("members:delete_account"), {"password": PASSWORD}, follow=True
    )
    assert "Votre compte a été supprimé" in response.content.decode()

    person.refresh_from_db()
    assert person.email == f"ancien-membre-{person.pk}@supprime.invalid"
    assert (person.first_name, person.last_name) == ("", "")
    assert not person.has_usable_password()
    assert not person.is_active
    assert person.last_login is None
    assert not person.groups.exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not EmailAddress.objects.filter(email__icontains="camille").exists()
    profile = Profile.objects.get(user=person)
    assert profile.display_name == "Ancien membre"
    assert profile.bio == ""
    assert profile.municipality is None
    assert profile.notification_frequency == NotificationFrequency.NEVER
    assert not User.objects.filter(email="camille.roy@a.exemple.qc.ca").exists()


def test_deleted_accounts_get_distinct_placeholder_addresses(client, person, other):
    for user in (person, other):
        client.force_login(user)
        client.post(reverse("members:delete_account"), {"password": PASSWORD})
    emails = set(
        User.objects.filter(pk__in=[person.pk, other.pk]).values_list(
            "email", flat=True
        )
    )
    assert len(emails) == 2
    assert all(email.endswith("@supprime.invalid") for email in emails)


def test_deleting_keeps_their_case_studies(client, person, municipality_a, case_index):
    case = make_case_study(
        municipality=municipality_a, title="Étude qui reste", owner=person
    )
    client.force_login(person)
    client.post(reverse("members:delete_account"), {"password": PASSWORD})
    case.refresh_from_db()
    assert case.live
    assert case.title == "Étude qui reste"
    assert case.owner_id == person.pk
    assert case.owner.profile.display_name == "Ancien membre"


def test_deleting_forgets_them_as_the_contact_of_a_case(
    client, person, municipality_a, case_index
):
    case = make_case_study(
        municipality=municipality_a,
        title="Étude avec contact",
        contact_name="Camille Roy",
        contact_email="Camille.Roy@a.exemple.qc.ca",
    )
    client.force_login(person)
    client.post(reverse("members:delete_account"), {"password": PASSWORD})
    case.refresh_from_db()
    assert (case.contact_name, case.contact_email) == ("", "")
    for revision in Revision.objects.filter(object_id=str(case.pk)):
        assert "Camille" not in json.dumps(revision.content)


def test_deleting_removes_their_name_from_the_moderation_history(
    client, person, moderator
):
    services.suspend_member(user=person, by=moderator, reason="Essai")
    services.reactivate_member(user=person, by=moderator)

    def names_in_history() -> list[str]:
        return list(
            LogEntry.objects.filter(object_id=str(person.profile.pk)).values_list(
                "object_repr", flat=True
            )
        )

    assert names_in_history() == ["Camille R.", "Camille R."]
    client.force_login(person)
    client.post(reverse("members:delete_account"), {"password": PASSWORD})
    assert names_in_history() == ["Ancien membre", "Ancien membre"]


def test_deleting_ends_every_session_of_the_member(client, person, other):
    elsewhere = Client()
    elsewhere.force_login(person)
    bystander = Client()
    bystander.force_login(other)
    client.force_login(person)

    client.post(reverse("members:delete_account"), {"password": PASSWORD})

    signed_in = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(person.pk) not in signed_in
    assert str(other.pk) in signed_in  # nobody else is signed out
    for browser in (client, elsewhere):
        response = browser.get(reverse("members:profile_edit"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_deleted_member_cannot_sign_in_again(client, person):
    browser = Client()
    response = browser.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}
    )
    assert "_auth_user_id" in browser.session  # it worked before
    client.force_login(person)
    client.post(reverse("members:delete_account"), {"password": PASSWORD})

    for login in (
        "camille.roy@a.exemple.qc.ca",
        f"ancien-membre-{person.pk}@supprime.invalid",
    ):
        fresh = Client()
        response = fresh.post(
            reverse("account_login"), {"login": login, "password": PASSWORD}
        )
        assert response.status_code in (200, 400)
        assert "_auth_user_id" not in fresh.session


def test_deleting_needs_a_signed_in_member_and_a_post(client, person):
    response = client.post(reverse("members:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    person.refresh_from_db()
    assert person.is_active


# --- Privacy page -------------------------------------------------------------------


def test_privacy_page_explains_in_french_what_is_kept_why_and_how_long(client, db):
    response = client.get(reverse("members:privacy"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr-ca">' in html
    for heading in ("Ce que Carrefour garde", "Pourquoi", "Combien de temps"):
        assert heading in html
    assert "Commission d" in html


def test_privacy_page_links_signed_in_members_to_export_and_deletion(client, person):
    client.force_login(person)
    html = client.get(reverse("members:privacy")).content.decode()
    assert reverse("members:export_data") in html
    assert reverse("members:delete_account") in html
    assert reverse("members:profile_edit") in html


def test_every_page_links_to_the_privacy_page_in_its_footer(client, db):
    html = client.get(reverse("about_data")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{reverse("members:privacy")}"' in footer
