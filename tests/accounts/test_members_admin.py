"""Member administration: moderators find members, change their role and
municipality, suspend and reactivate them; only administrators touch moderators."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cop.accounts.models import ApprovalStatus, Profile
from cop.accounts.privacy import delete_account
from tests.factories import UserFactory, give_profile

PASSWORD = "mot-de-passe-solide-1"  # tests.factories.UserFactory's


@pytest.fixture
def town_member(db, municipality_a):
    user = UserFactory(
        email="sacha.lavoie@a.exemple.qc.ca",
        first_name="Sacha",
        last_name="Lavoie",
        groups=["Members"],
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    give_profile(user, municipality=municipality_a, approval_status="approved")
    return user


def _groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _list(client, **params) -> str:
    response = client.get(reverse("members:admin"), params)
    assert response.status_code == 200
    return response.content.decode()


def _post(client, name: str, user, data: dict | None = None):
    return client.post(reverse(f"members:{name}", args=[user.pk]), data or {})


# --- Access -------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["member", "contributor"])
def test_members_and_contributors_get_a_403(request, client, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("members:admin"))
    assert response.status_code == 403
    assert "réservée à l'équipe de modération" in response.content.decode().replace(
        "&#x27;", "'"
    )


def test_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("members:admin"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_changes_are_posted_never_made_by_a_link(client, moderator, town_member):
    client.force_login(moderator)
    response = client.get(
        reverse("members:change_role", args=[town_member.pk]), {"role": "contributor"}
    )
    assert response.status_code == 405
    assert _groups(town_member) == {"Members"}


def test_changes_need_the_csrf_token(moderator, town_member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    response = _post(browser, "change_role", town_member, {"role": "contributor"})
    assert response.status_code == 403
    assert _groups(town_member) == {"Members"}


# --- Listing, search, filters ---------------------------------------------------------


def test_moderator_searches_members_by_email_or_name(
    client, moderator, town_member, contributor
):
    client.force_login(moderator)
    by_email = _list(client, q="sacha.lavoie@")
    assert town_member.email in by_email
    assert contributor.email not in by_email
    by_name = _list(client, q="lavoie")
    assert town_member.email in by_name
    assert contributor.email not in by_name


def test_moderator_finds_members_by_display_name(client, moderator, town_member):
    give_profile(
        town_member,
        municipality=town_member.profile.municipality,
        display_name="Sacha de la voirie",
    )
    client.force_login(moderator)
    assert town_member.email in _list(client, q="voirie")


def test_moderator_filters_by_role(client, moderator, town_member, contributor):
    client.force_login(moderator)
    contributors = _list(client, role="contributor")
    assert contributor.email in contributors
    assert town_member.email not in contributors
    members = _list(client, role="member")
    assert town_member.email in members
    assert contributor.email not in members
    assert moderator.email in _list(client, role="moderator")


def test_moderator_filters_by_municipality(
    client, moderator, town_member, contributor_b, municipality_b
):
    client.force_login(moderator)
    html = _list(client, municipality=municipality_b.pk)
    assert contributor_b.email in html
    assert town_member.email not in html


def test_moderator_filters_by_status(client, moderator, town_member, member):
    suspended = UserFactory(email="suspendu@exemple.com", groups=["Members"])
    give_profile(
        suspended,
        approval_status="approved",
        suspended_at=timezone.now(),
        suspension_reason="Pourriel",
    )
    give_profile(member, approval_status=ApprovalStatus.PENDING)
    client.force_login(moderator)

    active = _list(client, status="active")
    pending = _list(client, status="pending")
    on_hold = _list(client, status="suspended")

    assert town_member.email in active
    assert member.email not in active
    assert suspended.email not in active
    assert member.email in pending
    assert town_member.email not in pending
    assert suspended.email in on_hold
    assert town_member.email not in on_hold


def test_member_list_is_paginated(client, moderator):
    for number in range(30):
        UserFactory(email=f"membre{number:02d}@exemple.com", groups=["Members"])
    client.force_login(moderator)
    first = _list(client)
    second = _list(client, page=2)
    assert "membre00@exemple.com" in first
    assert "membre29@exemple.com" not in first
    assert "membre29@exemple.com" in second
    assert "Page 2 sur 2" in second


def test_deleted_accounts_are_not_listed(client, moderator, town_member):
    delete_account(user=town_member)
    client.force_login(moderator)
    html = _list(client)
    assert "supprime.invalid" not in html
    manage = reverse("members:manage", args=[town_member.pk])
    assert client.get(manage).status_code == 404


def test_an_unknown_filter_value_is_ignored_and_the_others_still_apply(
    client, moderator, member, contributor
):
    client.force_login(moderator)
    html = _list(client, status="nimporte", q="membre@")
    assert member.email in html
    assert contributor.email not in html
    assert "a été ignoré" in html


# --- Roles ----------------------------------------------------------------------------


def test_moderator_makes_a_member_a_contributor(client, moderator, town_member):
    client.force_login(moderator)
    response = _post(client, "change_role", town_member, {"role": "contributor"})
    assert response.status_code == 302
    assert _groups(town_member) == {"Members", "Contributors"}
    followed = client.get(response["Location"]).content.decode()
    assert "Le rôle de sacha.lavoie@a.exemple.qc.ca est maintenant" in followed


def test_role_and_municipality_changes_are_recorded_with_who_made_them(
    client, moderator, town_member, municipality_b
):
    client.force_login(moderator)
    _post(client, "change_role", town_member, {"role": "contributor"})
    _post(client, "set_municipality", town_member, {"municipality": municipality_b.pk})
    history = LogEntry.objects.filter(object_id=str(town_member.pk)).order_by("pk")
    assert [(entry.user_id, entry.change_message) for entry in history] == [
        (moderator.pk, "Rôle : Contributeur ou contributrice"),
        (moderator.pk, f"Municipalité : {municipality_b.name}"),
    ]


def test_moderator_takes_the_contributor_role_back(client, moderator, contributor):
    client.force_login(moderator)
    _post(client, "change_role", contributor, {"role": "member"})
    assert _groups(contributor) == {"Members"}


def test_role_change_keeps_groups_that_are_not_roles(client, moderator, town_member):
    town_member.groups.create(name="Comité du numérique")
    client.force_login(moderator)
    _post(client, "change_role", town_member, {"role": "contributor"})
    assert _groups(town_member) == {"Members", "Contributors", "Comité du numérique"}


@pytest.mark.parametrize("role", ["moderator", "administrator"])
def test_moderator_cannot_grant_staff_roles(client, moderator, town_member, role):
    client.force_login(moderator)
    response = _post(client, "change_role", town_member, {"role": role})
    assert response.status_code == 200
    assert "seuls les administrateurs" in response.content.decode()
    assert _groups(town_member) == {"Members"}


def test_moderator_is_not_offered_staff_roles(client, moderator, town_member):
    client.force_login(moderator)
    html = client.get(reverse("members:manage", args=[town_member.pk])).content.decode()
    assert 'value="contributor"' in html
    assert 'value="moderator"' not in html


def test_moderator_cannot_touch_another_moderator(client, moderator):
    colleague = UserFactory(
        email="autre.moderation@exemple.com", groups=["Members", "Moderators"]
    )
    client.force_login(moderator)
    assert client.get(reverse("members:manage", args=[colleague.pk])).status_code == 403
    response = _post(client, "change_role", colleague, {"role": "member"})
    assert response.status_code == 403
    assert _groups(colleague) == {"Members", "Moderators"}
    response = _post(client, "suspend", colleague, {"reason": "Désaccord"})
    assert response.status_code == 403
    assert not Profile.objects.filter(user=colleague, suspended_at__isnull=False)


def test_moderator_cannot_manage_their_own_account(client, moderator):
    client.force_login(moderator)
    response = _post(client, "change_role", moderator, {"role": "contributor"})
    assert response.status_code == 403
    assert _groups(moderator) == {"Members", "Moderators"}


def test_administrator_appoints_and_removes_a_moderator(
    client, administrator, town_member
):
    client.force_login(administrator)
    _post(client, "change_role", town_member, {"role": "moderator"})
    assert _groups(town_member) == {"Members", "Moderators"}
    _post(client, "change_role", town_member, {"role": "member"})
    assert _groups(town_member) == {"Members"}


def test_administrators_group_may_manage_moderators(client, moderator, town_member):
    chief = UserFactory(email="chef@exemple.com", groups=["Members", "Administrators"])
    client.force_login(chief)
    _post(client, "change_role", moderator, {"role": "contributor"})
    assert _groups(moderator) == {"Members", "Contributors"}


def test_superuser_rights_are_not_changed_by_a_role(client, administrator):
    other_admin = UserFactory(
        email="autre.admin@exemple.com", is_staff=True, is_superuser=True
    )
    client.force_login(administrator)
    response = _post(client, "change_role", other_admin, {"role": "member"})
    assert response.status_code == 403
    assert not other_admin.groups.exists()


# --- Municipality ---------------------------------------------------------------------


def test_moderator_sets_a_members_municipality(
    client, moderator, town_member, municipality_b
):
    client.force_login(moderator)
    response = _post(
        client, "set_municipality", town_member, {"municipality": municipality_b.pk}
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=town_member).municipality == municipality_b
    followed = client.get(response["Location"]).content.decode()
    assert municipality_b.name in followed
    assert "indique maintenant la municipalité" in followed


def test_moderator_clears_a_members_municipality(client, moderator, town_member):
    client.force_login(moderator)
    _post(client, "set_municipality", town_member, {"municipality": ""})
    assert Profile.objects.get(user=town_member).municipality is None


def test_municipality_is_given_to_an_account_without_a_profile(
    client, administrator, moderator, municipality_b
):
    client.force_login(administrator)
    _post(client, "set_municipality", moderator, {"municipality": municipality_b.pk})
    profile = Profile.objects.get(user=moderator)
    assert profile.municipality == municipality_b
    assert profile.approval_status == ApprovalStatus.APPROVED


def test_unknown_municipality_is_refused(
    client, moderator, town_member, municipality_a
):
    client.force_login(moderator)
    response = _post(client, "set_municipality", town_member, {"municipality": 999999})
    assert response.status_code == 200
    assert response.context["municipality_form"].has_error("municipality")
    assert Profile.objects.get(user=town_member).municipality == municipality_a


# --- Suspension -----------------------------------------------------------------------


def _can_sign_in(user) -> bool:
    browser = Client()
    browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return "_auth_user_id" in browser.session


def test_moderator_suspends_with_a_reason_and_the_member_cannot_sign_in(
    client, moderator, town_member
):
    assert _can_sign_in(town_member)
    client.force_login(moderator)
    response = _post(client, "suspend", town_member, {"reason": "Messages abusifs."})
    assert response.status_code == 302
    profile = Profile.objects.get(user=town_member)
    assert profile.suspended_at is not None
    assert profile.suspension_reason == "Messages abusifs."
    assert not _can_sign_in(town_member)
    followed = client.get(response["Location"]).content.decode()
    assert "est suspendu" in followed
    assert "Messages abusifs." in followed


def test_suspension_needs_a_reason(client, moderator, town_member):
    client.force_login(moderator)
    response = _post(client, "suspend", town_member, {"reason": ""})
    assert response.status_code == 200
    assert response.context["suspend_form"].has_error("reason")
    assert Profile.objects.get(user=town_member).suspended_at is None


def test_moderator_reactivates_and_the_member_signs_in_again(
    client, moderator, town_member
):
    client.force_login(moderator)
    _post(client, "suspend", town_member, {"reason": "Messages abusifs."})
    assert not _can_sign_in(town_member)
    response = _post(client, "reactivate", town_member)
    assert response.status_code == 302
    profile = Profile.objects.get(user=town_member)
    assert profile.suspended_at is None
    assert profile.suspension_reason == ""
    assert _can_sign_in(town_member)
    assert "est réactivé" in client.get(response["Location"]).content.decode()


def test_the_member_list_links_to_the_sign_up_queue(client, moderator):
    client.force_login(moderator)
    assert reverse("accounts:sign_up_queue") in _list(client)
