"""What the case studies hold about a person (Law 25): the pages they own or
revised, and the pages naming them as contact."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from casestudies.models import CaseStudyPage
from cop.accounts.models import User
from cop.accounts.privacy import PersonalDataSection, iso, register_personal_data


def _case_study_status(page: CaseStudyPage) -> str:
    if page.workflow_in_progress:
        return _("en attente de modération")
    if page.live and page.has_unpublished_changes:
        return _("publiée, avec des modifications non publiées")
    if page.live:
        return _("publiée")
    return _("brouillon")


def export_case_studies(user: User) -> list[dict[str, Any]]:
    page_type = ContentType.objects.get_for_model(Page)
    revised_ids = (
        Revision.objects.filter(user=user, base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    revised = {int(pk) for pk in revised_ids if pk.isdigit()}
    pages = (
        CaseStudyPage.objects.filter(
            Q(owner=user) | Q(pk__in=revised) | Q(contact_email__iexact=user.email)
        )
        .select_related("municipality")
        .order_by("pk")
    )
    return [
        {
            "title": page.title,
            "url": page.get_full_url(),
            "status": _case_study_status(page),
            "live": page.live,
            "municipality": page.municipality.name,
            "owner": page.owner_id == user.pk,
            "revised": page.pk in revised,
            "contact": page.contact_email.lower() == user.email.lower(),
            "first_published_at": iso(page.first_published_at),
            "last_published_at": iso(page.last_published_at),
        }
        for page in pages
    ]


def forget_case_study_contact(user: User) -> None:
    """Case studies naming the member as their contact keep no trace of them,
    in the live row and in every stored revision. The pages they own stay,
    attributed to the emptied account."""
    email = user.email
    pages = list(CaseStudyPage.objects.filter(contact_email__iexact=email))
    if not pages:
        return
    CaseStudyPage.objects.filter(pk__in=[page.pk for page in pages]).update(
        contact_name="", contact_email=""
    )
    page_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.filter(
        base_content_type=page_type, object_id__in=[str(page.pk) for page in pages]
    )
    for revision in revisions:
        content = revision.content
        if (content.get("contact_email") or "").lower() == email.lower():
            content["contact_name"] = ""
            content["contact_email"] = ""
            Revision.objects.filter(pk=revision.pk).update(content=content)


def register() -> None:
    register_personal_data(
        PersonalDataSection(
            key="case_studies",
            export=export_case_studies,
            erase=forget_case_study_contact,
            covers=("wagtailcore.Page.owner",),
        )
    )
