"""POST data for the Wagtail admin case-study form, as a browser would send it."""

from __future__ import annotations

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def case_study_form_data(*, municipality, themes, indicators=(), **overrides) -> dict:
    data = {
        "title": "Agent conversationnel pour les appels hors heures",
        "slug": "agent-conversationnel-hors-heures",
        "summary": "Un agent répond aux questions fréquentes le soir.",
        "municipality": municipality.pk,
        "attribution": "named",
        "outcome": "ongoing",
        "stage": "pilot",
        "started": "2026-01-15",
        "ended": "",
        "budget_cad": "25000",
        "problem": "Les appels du soir restaient sans réponse.",
        "approach": "",
        "indicators": streamfield(
            [
                (
                    "indicator",
                    {
                        "name": name,
                        "baseline": baseline,
                        "result": result,
                        "unit": "",
                        "method": "",
                    },
                )
                for name, baseline, result in indicators
            ]
        ),
        "worked": "",
        "failed": "",
        "advice": "",
        "governance_owner": "",
        "governance_decided_by": "",
        "data_used": "",
        "privacy_assessment_date": "",
        "attachments": streamfield([]),
        "contact_name": "",
        "contact_email": "",
        "tags": "",
        "visibility": "public",
        "language": "fr",
        "external_id": "",
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    form_data = nested_form_data(data)
    # Multiple-choice fields are repeated keys, which nested_form_data would flatten.
    form_data["themes"] = [theme.pk for theme in themes]
    return form_data
