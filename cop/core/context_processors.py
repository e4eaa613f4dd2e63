"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from cop.accounts.roles import is_moderator


def site(request: HttpRequest) -> dict:
    """Site name and the URL of the current page in each available language."""
    current = request.get_full_path()
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "user_is_moderator": is_moderator(request.user)
        if hasattr(request, "user")
        else False,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(current, code)}
            for code, name in settings.LANGUAGES
        ],
    }
