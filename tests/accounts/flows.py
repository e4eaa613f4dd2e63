"""Steps shared by the account tests: sign up, read the emailed link, sign in."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse

PASSWORD = "Un-mot-de-passe-solide-2026"
LINK = re.compile(r"https?://[^\s]+")


def sign_up(client, email: str, **fields):
    data = {
        "email": email,
        "display_name": "Dominique Gagnon",
        "role_kind": "employee",
        "bio": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def sign_in(client, email: str, password: str = PASSWORD, path: str | None = None):
    return client.post(
        path or reverse("account_login"), {"login": email, "password": password}
    )


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def confirmation_path(to: str) -> str:
    """The path of the last email-confirmation link sent to an address."""
    for message in reversed(mail.outbox):
        if to in message.to:
            for link in links_in(message):
                path = urlsplit(link).path
                if "/confirm-email/" in path:
                    return path
    raise AssertionError(f"No confirmation link was sent to {to}")


def sign_up_and_confirm(client, email: str, **fields):
    """Sign up, then confirm by the emailed link in the same browser session."""
    response = sign_up(client, email, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.post(confirmation_path(email), follow=True)


def text_of(response) -> str:
    """The page's HTML with entities decoded (Django escapes apostrophes)."""
    return html.unescape(response.content.decode())
