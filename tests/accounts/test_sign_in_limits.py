"""One sign-in path, rate-limited in the shared database cache: the site's and
both admin login pages end on allauth's form and share its limits."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection

from tests.accounts.flows import PASSWORD, text_of
from tests.factories import UserFactory

LIMIT_MESSAGE = "Trop de tentatives de connexion échouées."
SITE_LOGIN = "/comptes/login/"


@pytest.fixture
def account(db):
    user = UserFactory(email="cible@ville-exemple.qc.ca")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def login_form_url(client, entry: str) -> str:
    """Where an entry point sends someone who wants to sign in."""
    response = client.get(entry)
    assert response.status_code == 302, entry
    location = urlsplit(response["Location"])
    assert location.path == SITE_LOGIN, entry
    return response["Location"]


def rate_limit_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT cache_key FROM {settings.CACHES['default']['LOCATION']}"
        )
        return [key for (key,) in cursor.fetchall() if ":allauth:rl:" in key]


def test_rate_limits_use_the_database_cache_shared_by_all_processes():
    assert (
        settings.CACHES["default"]["BACKEND"]
        == "django.core.cache.backends.db.DatabaseCache"
    )
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


@pytest.mark.parametrize(
    ("entry", "home"),
    [("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")],
)
def test_admin_login_pages_hand_over_to_allauth_keeping_next(client, db, entry, home):
    response = client.get(entry, {"next": f"{home}pages/"})
    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert location.path == SITE_LOGIN
    assert parse_qs(location.query)["next"] == [f"{home}pages/"]
    plain = urlsplit(client.get(entry)["Location"])
    assert parse_qs(plain.query)["next"] == [home]


@pytest.mark.parametrize("entry", ["/admin/login/", "/django-admin/login/"])
def test_posting_credentials_to_an_admin_login_never_signs_in(client, account, entry):
    response = client.post(entry, {"username": account.email, "password": PASSWORD})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == SITE_LOGIN
    assert "_auth_user_id" not in client.session


def test_an_offsite_next_is_dropped(client, db):
    response = client.get("/admin/login/", {"next": "https://ailleurs.example/"})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/admin/"]


@pytest.mark.parametrize("entry", [SITE_LOGIN, "/admin/login/", "/django-admin/login/"])
def test_repeated_failed_sign_ins_are_limited_from_every_entry_point(
    client, account, entry
):
    url = login_form_url(client, entry) if entry != SITE_LOGIN else SITE_LOGIN
    for _attempt in range(5):
        response = client.post(url, {"login": account.email, "password": "faux"})
        assert response.status_code == 200
        assert LIMIT_MESSAGE not in text_of(response)
    assert rate_limit_keys(), "the failures are counted in the database cache"

    response = client.post(url, {"login": account.email, "password": "faux"})
    assert LIMIT_MESSAGE in text_of(response)
    # Even the right password is refused while the account is limited.
    response = client.post(url, {"login": account.email, "password": PASSWORD})
    assert LIMIT_MESSAGE in text_of(response)
    assert "_auth_user_id" not in client.session


def test_failures_through_different_doors_add_up_per_ip(client, db):
    doors = [
        SITE_LOGIN,
        login_form_url(client, "/admin/login/"),
        login_form_url(client, "/django-admin/login/"),
    ]
    for attempt in range(10):
        door = doors[attempt % 3]
        response = client.post(
            door, {"login": f"essai{attempt}@exemple.qc.ca", "password": "faux"}
        )
        assert LIMIT_MESSAGE not in text_of(response)
    response = client.post(
        doors[0], {"login": "encore-un@exemple.qc.ca", "password": "faux"}
    )
    assert LIMIT_MESSAGE in text_of(response)


def test_too_many_sign_in_posts_get_the_french_429_page(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _attempt in range(3):
        response = client.post(
            SITE_LOGIN, {"login": "x@exemple.qc.ca", "password": "y"}
        )
        assert response.status_code == 200
    response = client.post(SITE_LOGIN, {"login": "x@exemple.qc.ca", "password": "y"})
    assert response.status_code == 429
    html = text_of(response)
    assert "Trop de tentatives" in html
    assert "Patientez quelques minutes" in html


def test_signed_in_person_without_admin_access_is_refused_not_looped(client, member):
    client.force_login(member)
    for entry in ("/admin/login/", "/django-admin/login/"):
        response = client.get(entry)
        assert response.status_code == 403
        assert "n'a pas accès à l'administration" in text_of(response)
    # Wagtail sends a member who opens the admin to its login page: no loop.
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_signed_in_moderator_goes_on_to_the_admin(client, moderator):
    client.force_login(moderator)
    response = client.get("/admin/login/", {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"


def test_wagtail_password_reset_is_off(client, db):
    assert client.get("/admin/password_reset/").status_code == 404
