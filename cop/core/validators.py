"""Validators shared by every app."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def validate_no_html(value: str) -> None:
    """Plain-text fields refuse markup instead of silently storing or stripping it."""
    match = _TAG.search(value or "")
    if match:
        raise ValidationError(
            _(
                "Ce champ accepte du texte seulement : retirez les balises HTML "
                "(comme « %(tag)s »)."
            ),
            code="html_not_allowed",
            params={"tag": match.group(0)[:40]},
        )
