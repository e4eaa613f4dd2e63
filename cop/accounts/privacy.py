"""A member's rights under Quebec's Law 25: see their data, and have it erased.

`export_member_data` gathers what Carrefour holds about one member, and nothing
about anyone else. `delete_account` erases the person while keeping what they
published for the community: the account row stays (so case studies, posts,
revisions and moderation history keep a valid author), emptied of everything
personal.

Each app declares what it holds about a person: it registers a
`PersonalDataSection` (an exporter, an eraser and the user relations it covers)
from its `AppConfig.ready()`, and lists the relations it keeps on purpose with
`exclude_personal_data`. A test walks every model related to the user model and
fails on a relation that no section covers and no exclusion explains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.models import EditingSession, FormState
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    Page,
    PageSubscription,
    UploadedFile,
)
from wagtail.users.models import UserProfile

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


# --- The registry ---------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDataSection:
    """What one app holds about a person.

    `export(user)` returns JSON-ready data placed under `key` in the export;
    `erase(user)` removes or anonymises it inside `delete_account`'s
    transaction, before the account row itself is emptied. `covers` names the
    user relations the section takes care of, as "app_label.Model.field"."""

    key: str
    export: Callable[[User], Any]
    erase: Callable[[User], None]
    covers: tuple[str, ...] = field(default=())


_sections: dict[str, PersonalDataSection] = {}
_exclusions: dict[str, str] = {}


def register_personal_data(section: PersonalDataSection) -> None:
    """Declare an app's personal data; call it from `AppConfig.ready()`."""
    existing = _sections.get(section.key)
    if existing is not None and existing != section:
        raise ValueError(f"Personal data section {section.key!r} registered twice.")
    _sections[section.key] = section


def exclude_personal_data(relation: str, *, reason: str) -> None:
    """Declare a user relation ("app_label.Model.field") left out of the export
    and of erasure on purpose; `reason` says why, for reviewers and auditors."""
    if not reason.strip():
        raise ValueError(f"Excluding {relation} needs a reason.")
    _exclusions[relation] = reason


def personal_data_sections() -> list[PersonalDataSection]:
    return list(_sections.values())


def covered_relations() -> dict[str, str]:
    """Every declared user relation → the section key, or "excluded: <reason>"."""
    declared = {
        relation: f"excluded: {reason}" for relation, reason in _exclusions.items()
    }
    for section in _sections.values():
        for relation in section.covers:
            declared[relation] = section.key
    return declared


# --- Export ---------------------------------------------------------------------


def iso(value) -> str | None:
    return value.isoformat() if value else None


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
        "approval_decided_at": iso(profile.approval_decided_at),
        "approval_note": profile.approval_note,
        "suspended_at": iso(profile.suspended_at),
        "suspension_reason": profile.suspension_reason,
    }


def _account_data(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_active": user.is_active,
    }


def _email_addresses(user: User) -> list[dict[str, Any]]:
    return [
        {
            "email": address.email,
            "verified": address.verified,
            "primary": address.primary,
        }
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def _editor_data(user: User) -> dict[str, Any]:
    """What the Wagtail editor keeps about the person (comments, subscriptions,
    preferences); pages they own or revised are in the case-study section."""
    admin_profile = UserProfile.objects.filter(user=user).first()
    return {
        "preferences": (
            {
                "preferred_language": admin_profile.preferred_language,
                "current_time_zone": admin_profile.current_time_zone,
                "has_avatar": bool(admin_profile.avatar),
            }
            if admin_profile
            else None
        ),
        "comments": [
            {
                "page": comment.page.title,
                "text": comment.text,
                "created_at": iso(comment.created_at),
                "resolved": comment.resolved_at is not None,
            }
            for comment in Comment.objects.filter(user=user)
            .select_related("page")
            .order_by("pk")
        ],
        "comment_replies": [
            {
                "page": reply.comment.page.title,
                "text": reply.text,
                "created_at": iso(reply.created_at),
            }
            for reply in CommentReply.objects.filter(user=user)
            .select_related("comment__page")
            .order_by("pk")
        ],
        "page_subscriptions": [
            {
                "page": subscription.page.title,
                "comment_notifications": subscription.comment_notifications,
            }
            for subscription in PageSubscription.objects.filter(user=user)
            .select_related("page")
            .order_by("pk")
        ],
        # The token itself is never stored in clear; its name and dates are.
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created": iso(token.created),
                "last_used_at": iso(token.last_used_at),
                "revoked_at": iso(token.revoked_at),
            }
            for token in APIToken.objects.filter(user=user).order_by("pk")
        ],
    }


def export_member_data(*, user: User) -> dict[str, Any]:
    """Everything Carrefour holds about `user`, as JSON-ready data."""
    data: dict[str, Any] = {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
    }
    for section in _sections.values():
        data[section.key] = section.export(user)
    return data


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


def _erase_profile(user: User) -> None:
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
    _forget_name_in_admin_history(user)


def _erase_editor_data(user: User) -> None:
    """Preferences, avatar, subscriptions, unsaved editing state and uploads in
    progress go; comments written in the editor stay, like posts, under the
    anonymous name."""
    for admin_profile in UserProfile.objects.filter(user=user):
        if admin_profile.avatar:
            admin_profile.avatar.delete(save=False)
        admin_profile.delete()
    PageSubscription.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()
    for upload in UploadedFile.objects.filter(uploaded_by_user=user):
        upload.file.delete(save=False)
        upload.delete()
    # Editing sessions and autosaved form states hold in-progress edits.
    EditingSession.objects.filter(user=user).delete()
    FormState.objects.filter(user=user).delete()
    Page.objects.filter(locked_by=user).update(
        locked=False, locked_by=None, locked_at=None
    )


def _erase_account(user: User) -> None:
    EmailAddress.objects.filter(user=user).delete()


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase `user`'s personal data; the content they wrote stays, by "Ancien membre".

    Every registered section erases its part first (some find the person by the
    address about to be replaced); then the account row is emptied. The caller
    ends the current request's session (`django.contrib.auth.logout`).
    """
    for section in _sections.values():
        section.erase(user)

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


def _nothing(user: User) -> None:
    """Erased with the account row itself, by `delete_account`."""


def register_account_sections() -> None:
    """The accounts app's own sections: account, profile, addresses, roles and
    the editor's (Wagtail's) per-person data."""
    register_personal_data(
        PersonalDataSection(
            key="account",
            export=_account_data,
            erase=_nothing,
            covers=("accounts.User_groups.user", "accounts.User_user_permissions.user"),
        )
    )
    register_personal_data(
        PersonalDataSection(
            key="profile",
            export=_profile_data,
            erase=_erase_profile,
            covers=("accounts.Profile.user",),
        )
    )
    register_personal_data(
        PersonalDataSection(
            key="email_addresses",
            export=_email_addresses,
            erase=_erase_account,
            covers=("account.EmailAddress.user",),
        )
    )
    register_personal_data(
        PersonalDataSection(
            key="groups",
            export=lambda user: sorted(user.groups.values_list("name", flat=True)),
            erase=_nothing,
        )
    )
    register_personal_data(
        PersonalDataSection(
            key="editor",
            export=_editor_data,
            erase=_erase_editor_data,
            covers=(
                "wagtailusers.UserProfile.user",
                "wagtailcore.Comment.user",
                "wagtailcore.CommentReply.user",
                "wagtailcore.PageSubscription.user",
                "wagtailcore.UploadedFile.uploaded_by_user",
                "wagtailadmin.EditingSession.user",
                "wagtailadmin.FormState.user",
                "wagtailcore.Page.locked_by",
                "wagtailcore.APIToken.user",
            ),
        )
    )
    for relation, reason in EXCLUDED_RELATIONS.items():
        exclude_personal_data(relation, reason=reason)


# Relations kept on purpose. Each is a record of work done for the community or
# an accountability trail; the account row they point to stays, emptied of
# everything personal and renamed « Ancien membre », so they no longer identify
# the person once the account is deleted.
EXCLUDED_RELATIONS = {
    "accounts.Profile.approval_decided_by": (
        "the moderator who decided on another member's sign-up: a record of the "
        "moderator's work kept for accountability, not data about the member"
    ),
    "admin.LogEntry.user": (
        "actions a staff member took in the Django admin: an accountability trail"
    ),
    "wagtailcore.PageLogEntry.user": (
        "the page history (created, edited, published…): an accountability trail; "
        "the pages themselves are exported in the case-study section"
    ),
    "wagtailcore.ModelLogEntry.user": (
        "the snippet and reference-data history: an accountability trail"
    ),
    "wagtailcore.Revision.user": (
        "who saved a revision: the pages they revised are exported in the "
        "case-study section; revisions stay so page history remains whole"
    ),
    "wagtailcore.WorkflowState.requested_by": (
        "who submitted a page for moderation: part of the moderation history"
    ),
    "wagtailcore.TaskState.finished_by": (
        "the moderator who approved or rejected a submission: moderation history"
    ),
    "wagtailcore.Comment.resolved_by": (
        "who marked an editor comment resolved: editorial history"
    ),
    "wagtaildocs.Document.uploaded_by_user": (
        "documents attached to case studies belong to the case study and stay"
    ),
    "wagtailimages.Image.uploaded_by_user": (
        "images used by pages belong to the pages and stay"
    ),
}
