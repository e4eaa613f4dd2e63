"""Member profiles: who sees them, and what a member may change about themselves."""

import pytest
from django.urls import reverse

from cop.accounts.models import ApprovalStatus, NotificationFrequency, Profile
from cop.accounts.privacy import delete_account
from tests.factories import UserFactory, give_profile


def _edit_url() -> str:
    return reverse("members:profile_edit")


def _profile_url(user) -> str:
    return reverse("members:profile", args=[user.pk])


@pytest.fixture
def colleague(db, municipality_b):
    user = UserFactory(
        email="collegue@b.exemple.qc.ca",
        first_name="Dominique",
        last_name="Gagnon",
        groups=["Members"],
    )
    give_profile(
        user,
        municipality=municipality_b,
        display_name="Dominique G.",
        role_kind="elected",
        bio="Conseillère responsable du numérique.",
    )
    return user


def _edit_data(**overrides) -> dict:
    data = {
        "display_name": "Camille T.",
        "role_kind": "partner",
        "bio": "J'accompagne les petites municipalités.",
        "notification_frequency": "daily",
    }
    data.update(overrides)
    return data


def test_visitor_is_sent_to_sign_in_to_see_a_profile(client, colleague):
    response = client.get(_profile_url(colleague))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={_profile_url(colleague)}" in response["Location"]


def test_member_sees_a_colleagues_name_role_municipality_and_bio(
    client, member, colleague, municipality_b
):
    client.force_login(member)
    response = client.get(_profile_url(colleague))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dominique G." in html
    assert "élu·e" in html
    assert municipality_b.name in html
    assert "Conseillère responsable du numérique." in html


def test_a_profile_never_shows_the_email_address(client, member, colleague):
    client.force_login(member)
    html = client.get(_profile_url(colleague)).content.decode()
    assert colleague.email not in html


def test_only_the_owner_sees_the_links_to_their_data(client, member, colleague):
    client.force_login(member)
    others = client.get(_profile_url(colleague)).content.decode()
    own = client.get(_profile_url(member)).content.decode()
    for url in (_edit_url(), reverse("members:export_data")):
        assert url not in others
        assert url in own


def test_account_without_a_role_cannot_see_other_profiles(client, colleague):
    waiting = UserFactory(email="attente@exemple.com")
    give_profile(waiting, approval_status=ApprovalStatus.PENDING)
    client.force_login(waiting)
    assert client.get(_profile_url(colleague)).status_code == 403
    assert client.get(_profile_url(waiting)).status_code == 200


def test_deleted_account_has_no_profile_page(client, member, colleague):
    delete_account(user=colleague)
    client.force_login(member)
    assert client.get(_profile_url(colleague)).status_code == 404


def test_my_profile_link_leads_to_my_own_profile(client, member):
    client.force_login(member)
    response = client.get(reverse("members:me"))
    assert response.status_code == 302
    assert response["Location"] == _profile_url(member)


def test_member_edits_their_profile(client, member):
    client.force_login(member)
    response = client.post(_edit_url(), _edit_data())
    assert response.status_code == 302
    assert response["Location"] == _profile_url(member)
    profile = Profile.objects.get(user=member)
    assert profile.display_name == "Camille T."
    assert profile.role_kind == "partner"
    assert profile.bio == "J'accompagne les petites municipalités."
    assert profile.notification_frequency == NotificationFrequency.DAILY
    followed = client.get(response["Location"])
    assert "Votre profil a été enregistré." in followed.content.decode()


def test_member_cannot_change_their_municipality_or_approval(
    client, member, municipality_a, municipality_b
):
    client.force_login(member)
    client.post(
        _edit_url(),
        _edit_data(
            municipality=municipality_b.pk,
            approval_status=ApprovalStatus.APPROVED,
            suspended_at="2026-01-01T00:00",
        ),
    )
    profile = Profile.objects.get(user=member)
    assert profile.display_name == "Camille T."
    assert profile.municipality == municipality_a
    assert profile.approval_status == ApprovalStatus.PENDING
    assert profile.suspended_at is None
    assert "municipality" not in client.get(_edit_url()).context["form"].fields


def test_html_in_the_bio_is_refused_in_french_and_what_was_typed_is_kept(
    client, member
):
    client.force_login(member)
    typed = "Bonjour <script>alert(1)</script>"
    response = client.post(
        _edit_url(), _edit_data(bio=typed, display_name="Nouveau nom")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ accepte du texte seulement" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # kept, escaped
    assert 'value="Nouveau nom"' in html
    profile = Profile.objects.get(user=member)
    assert profile.bio == ""
    assert profile.display_name == ""


def test_html_in_the_display_name_is_refused(client, member):
    client.force_login(member)
    response = client.post(_edit_url(), _edit_data(display_name="<b>Camille</b>"))
    assert response.status_code == 200
    assert response.context["form"].has_error("display_name", "html_not_allowed")
    assert Profile.objects.get(user=member).display_name == ""


def test_unknown_role_kind_is_refused(client, member):
    client.force_login(member)
    response = client.post(_edit_url(), _edit_data(role_kind="maire"))
    assert response.status_code == 200
    assert response.context["form"].has_error("role_kind")
    assert Profile.objects.get(user=member).role_kind == "employee"


def test_editing_creates_the_missing_profile_of_an_existing_member(client, moderator):
    assert not Profile.objects.filter(user=moderator).exists()
    client.force_login(moderator)
    client.post(_edit_url(), _edit_data())
    profile = Profile.objects.get(user=moderator)
    assert profile.display_name == "Camille T."
    # A member who already holds a role is not sent back to the approval queue.
    assert profile.approval_status == ApprovalStatus.APPROVED


def test_visitor_cannot_edit_a_profile(client, db):
    response = client.post(_edit_url(), _edit_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Profile.objects.exists()


def test_edit_form_shows_the_current_values(client, member):
    give_profile(member, municipality=member.profile.municipality, bio="Déjà écrit")
    client.force_login(member)
    html = client.get(_edit_url()).content.decode()
    assert "Déjà écrit" in html
