"""Sign-up by email: municipal addresses join at once once verified, everyone
else waits for a moderator; duplicates, unverified sign-ins and stale links get
clear French answers."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from cop.accounts.models import ApprovalStatus, Profile, User
from cop.accounts.roles import MEMBERS, is_member
from cop.taxonomy.models import MunicipalDomain
from tests.accounts.flows import (
    PASSWORD,
    confirmation_path,
    sign_in,
    sign_up,
    sign_up_and_confirm,
    text_of,
)
from tests.factories import MunicipalityFactory, make_case_study

PENDING = "Votre inscription attend l'approbation d'un modérateur"


@pytest.fixture
def town(db):
    town = MunicipalityFactory(name="Sainte-Essai-du-Lac")
    MunicipalDomain.objects.create(municipality=town, domain="ville-essai.qc.ca")
    return town


def test_municipal_address_becomes_a_member_of_its_town_once_verified(
    client, site_root, town
):
    response = sign_up(client, "jbeaulieu@ville-essai.qc.ca")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="jbeaulieu@ville-essai.qc.ca")
    assert not user.groups.filter(name=MEMBERS).exists()  # not before verifying

    [message] = mail.outbox
    assert message.to == ["jbeaulieu@ville-essai.qc.ca"]
    assert message.subject == "[Carrefour] Confirmez votre inscription à Carrefour"
    assert "Pour confirmer votre adresse, ouvrez ce lien" in message.body

    page = client.get(confirmation_path(user.email))
    assert page.status_code == 200
    assert "Confirmer mon adresse" in text_of(page)

    response = client.post(confirmation_path(user.email), follow=True)
    user.refresh_from_db()
    assert response.wsgi_request.user == user  # signed in, same browser
    assert EmailAddress.objects.get(user=user).verified
    assert set(user.groups.values_list("name", flat=True)) == {MEMBERS}
    profile = user.profile
    assert profile.municipality == town
    assert profile.approval_status == ApprovalStatus.APPROVED
    assert profile.approval_decided_by is None
    assert "ville-essai.qc.ca" in profile.approval_note
    assert profile.display_name == "Dominique Gagnon"
    html = text_of(response)
    assert "vous êtes maintenant membre de Carrefour" in html
    assert PENDING not in html


def test_an_address_on_a_subdomain_of_a_municipal_domain_counts(client, town):
    sign_up_and_confirm(client, "voirie@travaux.ville-essai.qc.ca")
    user = User.objects.get(email="voirie@travaux.ville-essai.qc.ca")
    assert user.profile.municipality == town
    assert is_member(user)


def test_a_look_alike_domain_does_not_count(client, town):
    sign_up_and_confirm(client, "escroc@faux-ville-essai.qc.ca")
    user = User.objects.get(email="escroc@faux-ville-essai.qc.ca")
    assert user.profile.approval_status == ApprovalStatus.PENDING
    assert not is_member(user)


def test_outside_address_waits_for_a_moderator_and_cannot_read_members_content(
    client, site_root, case_index, town
):
    secret = make_case_study(
        title="Projet réservé",
        visibility="members",
        failed="Leçon confidentielle pour les membres.",
    )
    response = sign_up_and_confirm(
        client,
        "conseil@firme-exemple.com",
        role_kind="partner",
        bio="Conseillère en transformation numérique chez Firme Exemple.",
    )
    user = User.objects.get(email="conseil@firme-exemple.com")
    assert response.wsgi_request.user == user  # may sign in…
    html = text_of(response)
    assert PENDING in html  # …and is told why nothing more is open
    assert "Inscription en attente d'approbation" in html  # header badge
    profile = user.profile
    assert profile.approval_status == ApprovalStatus.PENDING
    assert profile.municipality is None
    assert profile.role_kind == "partner"
    assert profile.bio.startswith("Conseillère")
    assert not user.groups.exists()
    assert not is_member(user)

    refused = client.get(secret.url)
    assert refused.status_code == 403
    assert "Leçon confidentielle" not in text_of(refused)


def test_pending_person_is_reminded_at_each_sign_in(client, site_root):
    sign_up_and_confirm(client, "partenaire@organisme-exemple.org")
    client.logout()
    response = sign_in(client, "partenaire@organisme-exemple.org")
    assert response.status_code == 302
    assert PENDING in text_of(client.get("/"))


def test_duplicate_email_is_refused_in_french_and_keeps_what_was_typed(client, town):
    sign_up(client, "jbeaulieu@ville-essai.qc.ca")
    mail.outbox.clear()
    response = sign_up(
        client,
        "JBeaulieu@ville-essai.qc.ca",
        display_name="Jeanne Beaulieu",
        bio="Responsable des TI.",
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "Un compte existe déjà avec cette adresse courriel" in html
    assert 'value="Jeanne Beaulieu"' in html
    assert "Responsable des TI." in html
    assert User.objects.filter(email__iexact="jbeaulieu@ville-essai.qc.ca").count() == 1
    assert mail.outbox == []


def test_unverified_account_cannot_sign_in_and_lands_on_the_check_your_email_page(
    client, town
):
    sign_up(client, "jbeaulieu@ville-essai.qc.ca")
    client.logout()
    response = sign_in(client, "jbeaulieu@ville-essai.qc.ca")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    page = client.get(response["Location"])
    html = text_of(page)
    assert "Vérifiez votre courriel" in html
    assert "Recevoir un nouveau lien" in html
    assert not page.wsgi_request.user.is_authenticated


def test_a_confirmation_link_that_was_already_used_shows_a_french_page(
    client, site_root, town
):
    sign_up_and_confirm(client, "jbeaulieu@ville-essai.qc.ca")
    used = confirmation_path("jbeaulieu@ville-essai.qc.ca")
    client.logout()
    response = client.get(used)
    assert response.status_code == 200
    html = text_of(response)
    assert "Lien de confirmation expiré ou déjà utilisé" in html
    assert client.post(used).status_code == 404


@pytest.mark.parametrize("key", ["pas-une-cle", "MQ:1tAbCd:abcdefghijklmnop"])
def test_an_invalid_confirmation_key_shows_a_french_page(client, db, key):
    response = client.get(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 200
    assert "Lien de confirmation expiré ou déjà utilisé" in text_of(response)
    assert client.post(reverse("account_confirm_email", args=[key])).status_code == 404


def test_unverified_address_never_grants_membership(client, town):
    sign_up(client, "jbeaulieu@ville-essai.qc.ca")
    user = User.objects.get(email="jbeaulieu@ville-essai.qc.ca")
    assert user.profile.approval_status == ApprovalStatus.PENDING
    assert user.profile.municipality is None
    assert not is_member(user)


def test_a_refused_person_is_not_admitted_later_by_the_domain_rule(
    client, town, moderator
):
    from cop.accounts import services

    sign_up(client, "jbeaulieu@ville-essai.qc.ca")
    user = User.objects.get(email="jbeaulieu@ville-essai.qc.ca")
    services.refuse_sign_up(profile=user.profile, by=moderator, reason="Doublon.")
    client.post(confirmation_path(user.email))
    profile = Profile.objects.get(user=user)
    assert profile.approval_status == ApprovalStatus.REFUSED
    assert not user.groups.exists()


def test_password_reset_email_is_sent_in_french(client, site_root):
    sign_up_and_confirm(client, "partenaire@organisme-exemple.org")
    client.logout()
    mail.outbox.clear()
    response = client.post(
        reverse("account_reset_password"), {"email": "partenaire@organisme-exemple.org"}
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[Carrefour] Réinitialisation de votre mot de passe"
    assert "Pour choisir un nouveau mot de passe, ouvrez ce lien" in message.body
    assert "/comptes/password/reset/key/" in message.body
    done = text_of(client.get(response["Location"]))
    assert "Si un compte existe pour cette adresse" in done


def test_password_reset_for_an_unknown_address_does_not_reveal_it(client, db):
    response = client.post(
        reverse("account_reset_password"), {"email": "personne@inconnu.example"}
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[Carrefour] Aucun compte Carrefour à cette adresse"


def test_sign_in_and_sign_up_pages_are_in_french(client, db):
    login = text_of(client.get(reverse("account_login")))
    assert "<h1>Se connecter</h1>" in login
    assert "Adresse courriel" in login
    assert "Mot de passe oublié ?" in login
    signup = text_of(client.get(reverse("account_signup")))
    assert "S'inscrire à Carrefour" in signup
    assert "Présentez-vous" in signup


def test_wrong_password_gets_a_french_message(client, site_root):
    sign_up_and_confirm(client, "partenaire@organisme-exemple.org")
    client.logout()
    response = sign_in(client, "partenaire@organisme-exemple.org", "mauvais-mot")
    assert response.status_code == 200
    assert "L'adresse courriel ou le mot de passe est incorrect." in text_of(response)


def test_sign_in_goes_to_next_or_home(client, site_root):
    sign_up_and_confirm(client, "partenaire@organisme-exemple.org")
    client.logout()
    response = client.post(
        reverse("account_login") + "?next=/recherche/",
        {"login": "partenaire@organisme-exemple.org", "password": PASSWORD},
    )
    assert response["Location"] == "/recherche/"
    client.logout()
    response = sign_in(client, "partenaire@organisme-exemple.org")
    assert response["Location"] == "/"
