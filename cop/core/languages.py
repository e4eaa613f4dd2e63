"""The site's two languages: French first, English second."""

from django.utils.translation import get_language


def english_is_active() -> bool:
    """True while a request or block is being rendered in English."""
    return (get_language() or "").startswith("en")
