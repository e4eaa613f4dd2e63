"""Member pages: profiles, the member's own data (Law 25), member administration
and the privacy page.

Every view checks who is asking on the server; writes go through the functions
in `member_forms`, `privacy` and `services`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cop.accounts import services
from cop.accounts.member_forms import (
    DeleteAccountForm,
    MemberFilterForm,
    MemberStatus,
    MunicipalityForm,
    ProfileForm,
    RoleForm,
    SuspendForm,
)
from cop.accounts.models import ApprovalStatus, Profile, User
from cop.accounts.privacy import (
    delete_account,
    deleted_accounts,
    export_member_data,
    is_deleted_account,
)
from cop.accounts.roles import (
    ROLE_GROUP_NAMES,
    MemberRole,
    is_member,
    is_moderator,
    may_manage,
    role_of,
)
from cop.accounts.views import forbidden

MEMBERS_PER_PAGE = 25

View = Callable[..., HttpResponse]


def _requires(check: Callable[[User], bool], refusal: str) -> Callable[[View], View]:
    """Visitors are sent to sign in; signed-in users who fail `check` get a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                return forbidden(request, refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


signed_in_required = _requires(
    lambda user: user.is_active, gettext_lazy("Votre compte n'est pas actif.")
)
moderator_required = _requires(
    is_moderator,
    gettext_lazy("Cette page est réservée à l'équipe de modération."),
)
MEMBERS_ONLY = gettext_lazy(
    "Les profils sont réservés aux membres. Votre inscription doit d'abord être "
    "approuvée."
)
NOT_YOURS_TO_MANAGE = gettext_lazy(
    "Vous ne pouvez pas gérer ce compte : seuls les administrateurs gèrent les "
    "modérateurs et les administrateurs, et personne ne gère son propre compte ici."
)


def _posted(request: HttpRequest):
    """The submitted data, or None to show a blank form on GET."""
    return request.POST if request.method == "POST" else None


# --- Profiles ----------------------------------------------------------------------


def _public_name(user: User, profile: Profile | None) -> str:
    if profile and profile.display_name:
        return profile.display_name
    return user.get_full_name() or _("Membre de Carrefour")


@require_GET
@signed_in_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's public face inside Carrefour (never their email address)."""
    user = get_object_or_404(User, pk=pk)
    own = user.pk == request.user.pk
    if not (own or is_member(request.user)):
        return forbidden(request, MEMBERS_ONLY)
    if is_deleted_account(user):
        raise Http404
    profile = Profile.objects.select_related("municipality").filter(user=user).first()
    return render(
        request,
        "accounts/profile.html",
        {
            "member": user,
            "profile": profile,
            "public_name": _public_name(user, profile),
            "own": own,
            "can_manage": may_manage(actor=request.user, target=user),
        },
    )


@require_GET
@signed_in_required
def my_profile(request: HttpRequest) -> HttpResponse:
    return redirect("members:profile", pk=request.user.pk)


@require_http_methods(["GET", "POST"])
@signed_in_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    instance = Profile.objects.filter(user=request.user).first() or Profile(
        user=request.user
    )
    form = ProfileForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("members:profile", pk=request.user.pk)
    return render(request, "accounts/profile_edit.html", {"form": form})


# --- The member's own data (Law 25) --------------------------------------------------


@never_cache
@require_GET
@signed_in_required
def export_data(request: HttpRequest) -> HttpResponse:
    """The member's personal data as a JSON file to keep."""
    data = export_member_data(user=request.user)
    filename = f"carrefour-mes-donnees-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@signed_in_required
def delete_account_view(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(user=request.user)
        logout(request)
        messages.success(
            request,
            _(
                "Votre compte a été supprimé et vos renseignements personnels ont "
                "été effacés. Merci d'avoir contribué à Carrefour."
            ),
        )
        return redirect("wagtail_serve", "")
    return render(request, "accounts/delete_account.html", {"form": form})


def privacy(request: HttpRequest) -> HttpResponse:
    """What Carrefour keeps about members, why, for how long, and their rights."""
    return render(
        request,
        "core/privacy.html",
        {
            "session_days": settings.SESSION_COOKIE_AGE // 86_400,
            "privacy_contact": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
        },
    )


# --- Member administration (moderators) ---------------------------------------------


def _members() -> QuerySet[User]:
    return (
        User.objects.exclude(deleted_accounts())
        .select_related("profile__municipality")
        .prefetch_related("groups")
        .order_by("email")
    )


def _filter_members(members: QuerySet[User], data: dict) -> QuerySet[User]:
    if text := data.get("q"):
        members = members.filter(
            Q(email__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(profile__display_name__icontains=text)
        )
    if role := data.get("role"):
        members = _with_role(members, MemberRole(role))
    if municipality := data.get("municipality"):
        members = members.filter(profile__municipality=municipality)
    status = data.get("status")
    if status == MemberStatus.SUSPENDED:
        members = members.filter(profile__suspended_at__isnull=False)
    elif status == MemberStatus.PENDING:
        members = members.filter(
            profile__suspended_at__isnull=True,
            profile__approval_status=ApprovalStatus.PENDING,
        )
    elif status == MemberStatus.ACTIVE:
        members = members.filter(is_active=True).exclude(
            Q(profile__suspended_at__isnull=False)
            | Q(
                profile__approval_status__in=[
                    ApprovalStatus.PENDING,
                    ApprovalStatus.REFUSED,
                ]
            )
        )
    return members


def _with_role(members: QuerySet[User], role: MemberRole) -> QuerySet[User]:
    """Members whose highest role is `role` (as shown in the list)."""
    ranked = [MemberRole.ADMINISTRATOR, MemberRole.MODERATOR, MemberRole.CONTRIBUTOR]
    higher = ranked[: ranked.index(role)] if role in ranked else ranked
    own_group = ROLE_GROUP_NAMES[role][-1]
    if role == MemberRole.ADMINISTRATOR:
        return members.filter(
            Q(is_superuser=True) | Q(groups__name=own_group)
        ).distinct()
    members = members.filter(groups__name=own_group, is_superuser=False)
    for other in higher:
        members = members.exclude(groups__name=ROLE_GROUP_NAMES[other][-1])
    return members.distinct()


def status_of(user: User) -> MemberStatus | None:
    profile = getattr(user, "profile", None)
    if profile is not None and profile.suspended_at:
        return MemberStatus.SUSPENDED
    if profile is not None and profile.approval_status == ApprovalStatus.PENDING:
        return MemberStatus.PENDING
    if user.is_active and (
        profile is None or profile.approval_status == ApprovalStatus.APPROVED
    ):
        return MemberStatus.ACTIVE
    return None


@require_GET
@moderator_required
def members_admin(request: HttpRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET)
    form.is_valid()  # an invalid filter is dropped (and said so); the others apply
    members = _filter_members(_members(), form.cleaned_data)
    page_obj = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "user": user,
            "profile": getattr(user, "profile", None),
            "role": role_of(user),
            "status": status_of(user),
        }
        for user in page_obj
    ]
    return render(
        request,
        "accounts/members_admin.html",
        {"form": form, "page_obj": page_obj, "rows": rows},
    )


def _manage_page(request: HttpRequest, target: User, **forms) -> HttpResponse:
    profile = Profile.objects.select_related("municipality").filter(user=target).first()
    role = role_of(target)
    context = {
        "member": target,
        "profile": profile,
        "role": role,
        "status": status_of(target),
        "is_superuser_target": target.is_superuser,
        "role_form": forms.get("role_form")
        or RoleForm(actor=request.user, initial={"role": role}),
        "municipality_form": forms.get("municipality_form")
        or MunicipalityForm(
            initial={"municipality": profile.municipality_id if profile else None}
        ),
        "suspend_form": forms.get("suspend_form") or SuspendForm(),
    }
    return render(request, "accounts/member_manage.html", context)


def _manages_member(view: View) -> View:
    """Resolve the member in the URL; refuse accounts the moderator may not manage."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        target = get_object_or_404(User.objects.exclude(deleted_accounts()), pk=pk)
        if not may_manage(actor=request.user, target=target):
            return forbidden(request, NOT_YOURS_TO_MANAGE)
        return view(request, target)

    return wrapped


def _back_to(target: User) -> HttpResponse:
    return redirect("members:manage", pk=target.pk)


@require_GET
@moderator_required
@_manages_member
def member_manage(request: HttpRequest, target: User) -> HttpResponse:
    return _manage_page(request, target)


@require_POST
@moderator_required
@_manages_member
def member_change_role(request: HttpRequest, target: User) -> HttpResponse:
    if target.is_superuser:
        return forbidden(
            request,
            _(
                "Les droits d'un superutilisateur se gèrent dans l'administration "
                "Django."
            ),
        )
    form = RoleForm(request.POST, actor=request.user)
    if not form.is_valid():
        return _manage_page(request, target, role_form=form)
    role = MemberRole(form.cleaned_data["role"])
    services.change_member_role(user=target, by=request.user, role=role)
    messages.success(
        request,
        _("Le rôle de %(member)s est maintenant : %(role)s.")
        % {"member": target.email, "role": role.label},
    )
    return _back_to(target)


@require_POST
@moderator_required
@_manages_member
def member_set_municipality(request: HttpRequest, target: User) -> HttpResponse:
    form = MunicipalityForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, target, municipality_form=form)
    municipality = form.cleaned_data["municipality"]
    services.set_member_municipality(
        user=target, by=request.user, municipality=municipality
    )
    if municipality is None:
        text = _("Le profil de %(member)s n'indique plus de municipalité.") % {
            "member": target.email
        }
    else:
        text = _(
            "Le profil de %(member)s indique maintenant la municipalité "
            "%(municipality)s."
        ) % {"member": target.email, "municipality": municipality.name}
    messages.success(request, text)
    return _back_to(target)


@require_POST
@moderator_required
@_manages_member
def member_suspend(request: HttpRequest, target: User) -> HttpResponse:
    form = SuspendForm(request.POST)
    if form.is_valid():
        try:
            services.suspend_member(
                user=target, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.AccountActionError as error:
            form.add_error("reason", str(error))
    if not form.is_valid():
        return _manage_page(request, target, suspend_form=form)
    messages.success(
        request,
        _(
            "Le compte de %(member)s est suspendu : cette personne ne peut plus "
            "se connecter."
        )
        % {"member": target.email},
    )
    return _back_to(target)


@require_POST
@moderator_required
@_manages_member
def member_reactivate(request: HttpRequest, target: User) -> HttpResponse:
    try:
        services.reactivate_member(user=target, by=request.user)
    except services.AccountActionError as error:
        messages.error(request, str(error))
        return _back_to(target)
    messages.success(
        request,
        _(
            "Le compte de %(member)s est réactivé : cette personne peut de "
            "nouveau se connecter."
        )
        % {"member": target.email},
    )
    return _back_to(target)
