"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def site(request: HttpRequest) -> dict:
    """Site name and the URL of the current page in each available language."""
    current = request.get_full_path()
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(current, code)}
            for code, name in settings.LANGUAGES
        ],
    }
