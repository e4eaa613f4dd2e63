"""A member's rights under Quebec's Law 25: see their data, and have it erased.

`export_member_data` gathers what Carrefour holds about one member, and nothing
about anyone else. `delete_account` erases the person while keeping what they
published for the community: the account row stays (so case studies, revisions
and moderation history keep a valid author), emptied of everything personal.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision
from wagtail.users.models import UserProfile

from casestudies.models import CaseStudyPage
from cop.accounts.models import NotificationFrequency, Profile, User

EXPORT_FORMAT_VERSION = 1
DELETED_EMAIL_DOMAIN = "supprime.invalid"
# Stored, not translated at display time: the profile keeps this name for good.
DELETED_DISPLAY_NAME = "Ancien membre"


def deleted_email_for(user: User) -> str:
    """A unique address that can never receive mail (RFC 2606 `.invalid`)."""
    return f"ancien-membre-{user.pk}@{DELETED_EMAIL_DOMAIN}"


def is_deleted_account(user: User) -> bool:
    return user.email.endswith(f"@{DELETED_EMAIL_DOMAIN}")


def deleted_accounts() -> Q:
    """Filter for `User` querysets: accounts erased by `delete_account`."""
    return Q(email__endswith=f"@{DELETED_EMAIL_DOMAIN}")


# --- Export ---------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _case_study_status(page: CaseStudyPage) -> str:
    if page.workflow_in_progress:
        return _("en attente de modération")
    if page.live and page.has_unpublished_changes:
        return _("publiée, avec des modifications non publiées")
    if page.live:
        return _("publiée")
    return _("brouillon")


def _case_studies_of(user: User) -> list[dict[str, Any]]:
    page_type = ContentType.objects.get_for_model(Page)
    revised_ids = (
        Revision.objects.filter(user=user, base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    revised = {int(pk) for pk in revised_ids if pk.isdigit()}
    pages = (
        CaseStudyPage.objects.filter(Q(owner=user) | Q(pk__in=revised))
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
            "first_published_at": _iso(page.first_published_at),
            "last_published_at": _iso(page.last_published_at),
        }
        for page in pages
    ]


def _profile_data(user: User) -> dict[str, Any] | None:
    profile = Profile.objects.select_related("municipality").filter(user=user).first()
    if profile is None:
        return None
    municipality = profile.municipality
    # Who decided on the account is a moderator's data, not the member's: left out.
    return {
        "display_name": profile.display_name,
        "role_kind": profile.role_kind,
        "role_kind_label": str(profile.get_role_kind_display()),
        "municipality": (
            {"name": municipality.name, "geographic_code": municipality.geographic_code}
            if municipality
            else None
        ),
        "bio": profile.bio,
        "notification_frequency": profile.notification_frequency,
        "approval_status": profile.approval_status,
        "approval_decided_at": _iso(profile.approval_decided_at),
        "approval_note": profile.approval_note,
        "suspended_at": _iso(profile.suspended_at),
        "suspension_reason": profile.suspension_reason,
    }


def export_member_data(*, user: User) -> dict[str, Any]:
    """Everything Carrefour holds about `user`, as JSON-ready data."""
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
        },
        "profile": _profile_data(user),
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "case_studies": _case_studies_of(user),
    }


# --- Erasure --------------------------------------------------------------------


def _end_sessions(user: User) -> None:
    """Delete the database sessions signed in as `user`.

    The unusable password already invalidates every session's auth hash; this
    also removes the rows, which hold the member's id.
    """
    user_id = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=stale).delete()


def _forget_case_study_contact(*, email: str) -> None:
    """Case studies naming the member as their contact keep no trace of them,
    in the live row and in every stored revision."""
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


def _forget_name_in_admin_history(user: User) -> None:
    """Django's admin history names its objects (suspensions are logged there):
    the entries stay, under the anonymous name."""
    targets = [(User, user.pk)]
    profile_id = Profile.objects.filter(user=user).values_list("pk", flat=True).first()
    if profile_id is not None:
        targets.append((Profile, profile_id))
    for model, pk in targets:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        ).update(object_repr=DELETED_DISPLAY_NAME)


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase `user`'s personal data; the content they wrote stays, by "Ancien membre".

    The caller ends the current request's session (`django.contrib.auth.logout`).
    """
    old_email = user.email
    _forget_case_study_contact(email=old_email)
    EmailAddress.objects.filter(user=user).delete()

    Profile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": DELETED_DISPLAY_NAME,
            "bio": "",
            "municipality": None,
            "notification_frequency": NotificationFrequency.NEVER,
            "approval_note": "",
            "suspension_reason": "",
        },
    )
    for admin_profile in UserProfile.objects.filter(user=user):
        if admin_profile.avatar:
            admin_profile.avatar.delete(save=False)
        admin_profile.delete()
    _forget_name_in_admin_history(user)

    user.email = deleted_email_for(user)
    user.first_name = ""
    user.last_name = ""
    user.last_login = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _end_sessions(user)
