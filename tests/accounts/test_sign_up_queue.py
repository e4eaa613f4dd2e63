"""The moderators' queue of pending sign-ups: who sees it, what approving and
refusing do, and the emails that follow."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from cop.accounts import services
from cop.accounts.models import ApprovalStatus, Profile
from cop.accounts.roles import MEMBERS, is_member
from tests.accounts.flows import text_of
from tests.factories import MunicipalityFactory, UserFactory, give_profile

QUEUE = "/comptes/moderation/inscriptions/"


def pending_person(email: str, *, verified: bool = True, **fields) -> Profile:
    user = UserFactory(email=email)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": verified, "primary": True}
    )
    defaults = {
        "display_name": "Alex Partenaire",
        "role_kind": "partner",
        "bio": "Chargé de projet au CEFRIO.",
        "approval_status": ApprovalStatus.PENDING,
        **fields,
    }
    return give_profile(user, **defaults)


@pytest.fixture
def pending(db):
    return pending_person("alex@partenaire.example")


def test_queue_url_is_under_the_accounts_path():
    assert reverse("accounts:sign_up_queue") == QUEUE


def test_moderator_sees_verified_pending_sign_ups_with_what_they_said(
    client, moderator, pending
):
    pending_person("robot@inconnu.example", verified=False)
    give_profile(UserFactory(email="deja@ville.example"), approval_status="approved")
    client.force_login(moderator)
    response = client.get(QUEUE)
    assert response.status_code == 200
    html = text_of(response)
    assert "alex@partenaire.example" in html
    assert "Alex Partenaire" in html
    assert "partenaire" in html
    assert "Chargé de projet au CEFRIO." in html
    assert "robot@inconnu.example" not in html  # address never confirmed
    assert "deja@ville.example" not in html  # already decided
    assert [row["profile"] for row in response.context["rows"]] == [pending]


def test_queue_has_an_empty_state(client, moderator):
    client.force_login(moderator)
    html = text_of(client.get(QUEUE))
    assert "Aucune inscription n'attend d'approbation." in html


def test_queue_is_paginated_oldest_first(client, moderator):
    people = [pending_person(f"p{n:02d}@partenaire.example") for n in range(23)]
    client.force_login(moderator)
    first = client.get(QUEUE)
    second = client.get(QUEUE, {"page": 2})
    assert len(first.context["rows"]) == 20
    assert [r["profile"] for r in second.context["rows"]] == people[20:]
    assert "Page 1 sur 2" in text_of(first)


def test_moderator_approves_with_a_municipality(
    client, moderator, pending, django_capture_on_commit_callbacks
):
    town = MunicipalityFactory(name="Saint-Approuvé")
    code = town.geographic_code
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:approve_sign_up", args=[pending.pk]),
            {"municipality": f"Saint-Approuvé ({town.region.name}) – {code}"},
        )
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.APPROVED
    assert pending.municipality == town
    assert pending.approval_decided_by == moderator
    assert pending.approval_decided_at is not None
    assert set(pending.user.groups.values_list("name", flat=True)) == {MEMBERS}
    assert is_member(pending.user)
    [message] = mail.outbox
    assert message.to == ["alex@partenaire.example"]
    assert message.subject == "[Carrefour] Votre inscription à Carrefour est approuvée"
    assert "rattaché à Saint-Approuvé" in message.body
    assert "/comptes/login/" in message.body
    assert "approuvée" in text_of(client.get(QUEUE))


def test_moderator_approves_without_a_municipality(
    client, moderator, pending, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:approve_sign_up", args=[pending.pk]), {"municipality": ""}
        )
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.APPROVED
    assert pending.municipality is None
    assert is_member(pending.user)
    assert len(mail.outbox) == 1


def test_unknown_municipality_is_refused_and_nothing_changes(
    client, moderator, pending
):
    client.force_login(moderator)
    response = client.post(
        reverse("accounts:approve_sign_up", args=[pending.pk]),
        {"municipality": "Ville imaginaire", "page": "1"},
    )
    assert response.status_code == 400
    html = text_of(response)
    assert "Municipalité introuvable" in html
    assert 'value="Ville imaginaire"' in html
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING
    assert mail.outbox == []


def test_moderator_refuses_with_a_reason(
    client, moderator, pending, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:refuse_sign_up", args=[pending.pk]),
            {"reason": "Carrefour est réservé au secteur municipal.", "page": "1"},
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.REFUSED
    assert pending.approval_note == "Carrefour est réservé au secteur municipal."
    assert pending.approval_decided_by == moderator
    assert not pending.user.groups.exists()
    [message] = mail.outbox
    assert message.subject == "[Carrefour] Votre demande d'inscription à Carrefour"
    assert "Carrefour est réservé au secteur municipal." in message.body


def test_refusing_needs_a_reason(client, moderator, pending):
    client.force_login(moderator)
    response = client.post(
        reverse("accounts:refuse_sign_up", args=[pending.pk]), {"reason": "  "}
    )
    assert response.status_code == 400
    assert "Indiquez le motif du refus." in text_of(response)
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING


def test_a_sign_up_already_decided_is_not_decided_twice(
    client, moderator, pending, django_capture_on_commit_callbacks
):
    services.refuse_sign_up(profile=pending, by=moderator, reason="Doublon.")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:approve_sign_up", args=[pending.pk]), follow=True
        )
    assert "Cette inscription a déjà été traitée" in text_of(response)
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.REFUSED
    assert not is_member(pending.user)


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "accounts:sign_up_queue"),
        ("post", "accounts:approve_sign_up"),
        ("post", "accounts:refuse_sign_up"),
    ],
)
def test_members_and_contributors_get_403(
    client, member, contributor, pending, method, name
):
    url = reverse(name, args=[pending.pk] if method == "post" else [])
    for person in (member, contributor):
        client.force_login(person)
        response = getattr(client, method)(url, {"reason": "Non.", "municipality": ""})
        assert response.status_code == 403
        assert "réservée à l'équipe de modération" in text_of(response)
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING


def test_pending_people_cannot_approve_themselves(client, pending):
    client.force_login(pending.user)
    response = client.post(reverse("accounts:approve_sign_up", args=[pending.pk]))
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING


def test_visitors_are_sent_to_sign_in(client, pending):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=")
    response = client.post(reverse("accounts:approve_sign_up", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING


def test_services_refuse_decisions_from_non_moderators(member, pending):
    with pytest.raises(services.AccountActionError):
        services.approve_sign_up(profile=pending, by=member)
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING
