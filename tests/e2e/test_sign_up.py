"""Sign-up in Chromium: a municipal address joins its town after confirming by
the emailed link; an outside address waits until a moderator approves it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from cop.accounts.forms import municipality_choice_label
from cop.accounts.models import ApprovalStatus, User
from cop.accounts.roles import MEMBERS
from cop.taxonomy.models import MunicipalDomain
from tests.factories import MunicipalityFactory, UserFactory, ensure_site_root

PASSWORD = "Un-mot-de-passe-solide-2026"
MODERATOR_PASSWORD = "mot-de-passe-solide-1"  # UserFactory's


@pytest.fixture
def town(transactional_db):
    ensure_site_root()
    town = MunicipalityFactory(name="Saint-Navigateur")
    MunicipalDomain.objects.create(municipality=town, domain="saint-navigateur.qc.ca")
    return town


@pytest.fixture
def moderator(transactional_db):
    user = UserFactory(email="moderation@carrefour.example", groups=["Moderators"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _sign_up(page, axe_violations, *, email, name, role, about=""):
    page.goto("/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_role("link", name="Inscrivez-vous").click()
    page.wait_for_url(re.compile(r".*/comptes/signup/"))
    assert axe_violations(page) == []
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Nom affiché").fill(name)
    page.get_by_label(role).check()
    if about:
        page.get_by_label("Présentez-vous").fill(about)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/comptes/confirm-email/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Vérifiez votre courriel"
    )


def _confirm_from_email(page, email):
    [message] = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", message.body)[0]
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def test_municipal_address_signs_up_confirms_and_is_a_member(
    page, town, axe_violations
):
    _sign_up(
        page,
        axe_violations,
        email="gabrielle@saint-navigateur.qc.ca",
        name="Gabrielle Côté",
        role="employé·e municipal·e",
    )
    _confirm_from_email(page, "gabrielle@saint-navigateur.qc.ca")

    header = page.locator(".site-header")
    assert "Gabrielle Côté" in header.inner_text()
    assert "Inscription en attente" not in header.inner_text()
    assert (
        "vous êtes maintenant membre de Carrefour"
        in page.locator(".messages").inner_text()
    )

    user = User.objects.get(email="gabrielle@saint-navigateur.qc.ca")
    assert set(user.groups.values_list("name", flat=True)) == {MEMBERS}
    assert user.profile.municipality == town
    assert user.profile.approval_status == ApprovalStatus.APPROVED


def test_outside_address_waits_then_a_moderator_approves_it(
    browser, live_server, page, town, moderator, axe_violations
):
    _sign_up(
        page,
        axe_violations,
        email="conseil@firme-exemple.com",
        name="Marc Tremblay",
        role="partenaire",
        about="Consultant en données ouvertes pour plusieurs MRC.",
    )
    _confirm_from_email(page, "conseil@firme-exemple.com")
    assert (
        "attend l'approbation d'un modérateur" in page.locator(".messages").inner_text()
    )
    assert (
        "Inscription en attente d'approbation"
        in page.locator(".site-header").inner_text()
    )
    person = User.objects.get(email="conseil@firme-exemple.com")
    assert not person.groups.exists()

    context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    moderation = context.new_page()
    moderation.set_default_timeout(15_000)
    moderation.goto("/comptes/moderation/inscriptions/")
    moderation.wait_for_url(re.compile(r".*/comptes/login/\?next=.*"))
    moderation.get_by_label("Adresse courriel").fill(moderator.email)
    moderation.locator("#id_password").fill(MODERATOR_PASSWORD)
    moderation.get_by_role("button", name="Se connecter").click()
    moderation.wait_for_url("**/comptes/moderation/inscriptions/")
    moderation.reload()  # once the sign-in message has been shown
    assert axe_violations(moderation) == []
    row = moderation.locator(f"#inscription-{person.profile.pk}")
    assert "Consultant en données ouvertes" in row.inner_text()
    row.get_by_label("Municipalité (facultatif)").fill(municipality_choice_label(town))
    row.get_by_role("button", name="Approuver").click()
    moderation.wait_for_url("**/comptes/moderation/inscriptions/")
    assert "approuvée" in moderation.locator(".messages").inner_text()
    assert "Aucune inscription n'attend" in moderation.locator("main").inner_text()
    context.close()

    person.refresh_from_db()
    assert set(person.groups.values_list("name", flat=True)) == {MEMBERS}
    assert person.profile.approval_status == ApprovalStatus.APPROVED
    assert person.profile.municipality == town
    assert person.profile.approval_decided_by == moderator
    assert any("approuvée" in m.subject for m in mail.outbox if person.email in m.to)

    page.reload()
    assert "Inscription en attente" not in page.locator(".site-header").inner_text()
