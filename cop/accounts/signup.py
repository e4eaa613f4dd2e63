"""Who may join and who may sign in: read-only rules, no writes (see services.py).

The municipal domain rule: a *verified* address whose domain is a registered
`MunicipalDomain`, or any subdomain of one, belongs to that municipality's staff.
Subdomains count because cities hand out addresses on departmental subdomains
(``@travauxpublics.ville.exemple.qc.ca``) that stay under the city's DNS control.
The most specific registered domain wins. Shared suffixes (``qc.ca``,
``gouv.qc.ca``, bare top-level domains) never match, even if someone registers
them by mistake: that would let a whole province in.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet

from cop.accounts.models import ApprovalStatus, Profile, User
from cop.taxonomy.models import MunicipalDomain

# Suffixes shared by many unrelated organisations: never a municipality's own.
SHARED_SUFFIXES = frozenset(
    {
        "ca",
        "qc.ca",
        "gouv.qc.ca",
        "quebec",
        "com",
        "org",
        "net",
        "info",
        "gc.ca",
    }
)


def email_domain(email: str) -> str:
    """The lower-cased domain part of an address ("" when there is none)."""
    if "@" not in email:
        return ""
    return email.rsplit("@", 1)[1].strip().lower().rstrip(".")


def candidate_domains(domain: str) -> list[str]:
    """The domain and each parent domain, most specific first, shared suffixes out.

    ``a.ville.exemple.qc.ca`` → ``a.ville.exemple.qc.ca``, ``ville.exemple.qc.ca``,
    ``exemple.qc.ca``.
    """
    labels = [label for label in domain.split(".") if label]
    candidates = [".".join(labels[index:]) for index in range(len(labels))]
    return [c for c in candidates if "." in c and c not in SHARED_SUFFIXES]


def municipal_domain_for_email(email: str) -> MunicipalDomain | None:
    """The registered municipal domain an address belongs to, if any."""
    candidates = candidate_domains(email_domain(email))
    if not candidates:
        return None
    matches = MunicipalDomain.objects.filter(domain__in=candidates).select_related(
        "municipality"
    )
    return max(matches, key=lambda match: len(match.domain), default=None)


def profile_of(user: User) -> Profile | None:
    """The user's profile, or None (superusers and demo accounts may have none)."""
    if not getattr(user, "pk", None):
        return None
    return getattr(user, "profile", None)


def is_suspended(user: User) -> bool:
    profile = profile_of(user)
    return bool(profile and profile.suspended_at)


def approval_status_of(user: User) -> str | None:
    profile = profile_of(user)
    return profile.approval_status if profile else None


def pending_sign_ups() -> QuerySet[Profile]:
    """Sign-ups waiting for a moderator, oldest first.

    Only people who verified their address: an unverified sign-up may be a typo
    or a robot, and approving it would hand membership to whoever owns the inbox.
    """
    verified = EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True)
    return (
        Profile.objects.filter(approval_status=ApprovalStatus.PENDING)
        .filter(Exists(verified))
        .select_related("user")
        .order_by("user__date_joined", "pk")
    )
