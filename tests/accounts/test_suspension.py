"""Suspended members cannot sign in, lose their open session at the next
request, keep their content, and are told by email."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.core import mail

from cop.accounts import services
from cop.accounts.models import Profile
from tests.accounts.flows import PASSWORD, sign_in, text_of
from tests.factories import UserFactory, give_profile, make_case_study

SUSPENDED = "Votre compte est suspendu"


@pytest.fixture
def person(db, municipality_a):
    user = UserFactory(email="membre@ville-a.exemple.qc.ca", groups=["Members"])
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    give_profile(user, municipality=municipality_a, approval_status="approved")
    return user


def test_suspended_member_cannot_sign_in(client, person, moderator):
    services.suspend_member(user=person, by=moderator, reason="Propos injurieux.")
    response = sign_in(client, person.email)
    assert response.status_code == 403
    assert SUSPENDED in text_of(response)
    assert "_auth_user_id" not in client.session


def test_open_session_ends_at_the_next_request(client, site_root, person, moderator):
    client.force_login(person)
    assert client.get("/").wsgi_request.user == person
    services.suspend_member(user=person, by=moderator, reason="Propos injurieux.")
    response = client.get("/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert SUSPENDED in text_of(response)
    assert "_auth_user_id" not in client.session
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_suspension_keeps_the_members_content(person, moderator, case_index):
    case = make_case_study(title="Étude de la personne suspendue", owner=person)
    services.suspend_member(user=person, by=moderator, reason="Propos injurieux.")
    case.refresh_from_db()
    assert case.live
    assert case.owner == person


def test_suspend_and_reactivate_tell_the_member_and_are_recorded(
    client, person, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_member(user=person, by=moderator, reason="Propos injurieux.")
    profile = Profile.objects.get(user=person)
    assert profile.suspended_at is not None
    assert profile.suspension_reason == "Propos injurieux."
    [suspended] = mail.outbox
    assert suspended.to == [person.email]
    assert suspended.subject == "[Carrefour] Votre compte Carrefour est suspendu"
    assert "Propos injurieux." in suspended.body
    assert "Vos contributions restent en ligne." in suspended.body

    with django_capture_on_commit_callbacks(execute=True):
        services.reactivate_member(user=person, by=moderator)
    profile.refresh_from_db()
    assert profile.suspended_at is None
    assert profile.suspension_reason == ""
    assert mail.outbox[1].subject == "[Carrefour] Votre compte Carrefour est réactivé"
    assert (
        LogEntry.objects.filter(user=moderator, object_id=str(profile.pk)).count() == 2
    )

    response = sign_in(client, person.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_suspending_twice_sends_one_email(
    person, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_member(user=person, by=moderator, reason="Une fois.")
        services.suspend_member(user=person, by=moderator, reason="Deux fois.")
    assert len(mail.outbox) == 1
    assert Profile.objects.get(user=person).suspension_reason == "Une fois."


def test_only_moderators_suspend_and_never_themselves(person, moderator, member):
    with pytest.raises(services.AccountActionError):
        services.suspend_member(user=person, by=member, reason="Non.")
    with pytest.raises(services.AccountActionError):
        services.suspend_member(user=moderator, by=moderator, reason="Non.")
    with pytest.raises(services.AccountActionError):
        services.suspend_member(user=person, by=moderator, reason="  ")
    assert Profile.objects.get(user=person).suspended_at is None


def test_suspending_an_account_without_profile_keeps_its_role_approved(moderator):
    veteran = UserFactory(email="ancien@ville.exemple.qc.ca", groups=["Members"])
    services.suspend_member(user=veteran, by=moderator, reason="Pourriel.")
    profile = Profile.objects.get(user=veteran)
    assert profile.approval_status == "approved"
    assert profile.suspended_at is not None
