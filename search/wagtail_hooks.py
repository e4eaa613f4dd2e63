"""The duplicate warning in the Wagtail admin's case study editor.

`insert_editor_js` adds, to every page editor, a small script that wakes up
only on the case study form: as the contributor types the title, summary and
problem, it asks /api/v1/similar/ (their own session, so their permissions)
and lists live case studies that look alike, projects in progress included.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from casestudies.models import Outcome


@hooks.register("insert_editor_js")
def similar_case_studies_panel() -> str:
    labels = {
        "heading": _("Ces initiatives ressemblent à la vôtre"),
        "intro": _(
            "Avant de continuer, voyez si une autre municipalité a déjà fait ce "
            "projet : vous pourriez la contacter ou compléter son étude de cas."
        ),
        "newTab": _("(s'ouvre dans un nouvel onglet)"),
        "none": _("Aucune initiative semblable trouvée pour l'instant."),
        "outcomes": {value: str(label) for value, label in Outcome.choices},
    }
    return render_to_string(
        "search/admin_similar_panel.html",
        {
            "labels": labels,
            "similar_url": reverse("search_api:similar"),
            "script_url": static("search/similar_panel.js"),
            "css_url": static("search/search.css"),
        },
    )
