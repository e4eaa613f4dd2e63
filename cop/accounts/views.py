"""Account views: the moderators' queue of pending sign-ups, and the admin
sign-in doors that send everyone through allauth's rate-limited form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.accounts import services
from cop.accounts.forms import (
    ApproveSignUpForm,
    RefuseSignUpForm,
    municipality_choice_label,
)
from cop.accounts.models import Profile
from cop.accounts.roles import is_moderator
from cop.accounts.signup import pending_sign_ups
from cop.taxonomy.models import Municipality

QUEUE_PAGE_SIZE = 20


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


# --- Admin sign-in doors --------------------------------------------------------


def _admin_login(
    request: HttpRequest, *, home: str, may_enter: Callable[[HttpRequest], bool]
) -> HttpResponse:
    """One sign-in path: the admin login pages never show a form of their own.

    Visitors go to allauth's sign-in (rate limits, verification, suspension),
    keeping `next`. Signed-in people with access go on; signed-in people without
    it get a clear refusal instead of a redirect loop.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or home
    if not request.user.is_authenticated:
        return HttpResponseRedirect(
            f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        )
    if may_enter(request):
        return HttpResponseRedirect(next_url)
    return forbidden(
        request,
        _(
            "Votre compte n'a pas accès à l'administration. Si vous en avez besoin, "
            "demandez-le à l'équipe de modération."
        ),
    )


def wagtail_admin_login(request: HttpRequest) -> HttpResponse:
    return _admin_login(
        request,
        home=reverse("wagtailadmin_home"),
        may_enter=lambda r: r.user.has_perm("wagtailadmin.access_admin"),
    )


def django_admin_login(request: HttpRequest) -> HttpResponse:
    return _admin_login(
        request,
        home=reverse("admin:index"),
        may_enter=admin.site.has_permission,
    )


# --- Pending sign-ups -------------------------------------------------------------


def moderators_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("accounts:sign_up_queue"))
        if not is_moderator(request.user):
            return forbidden(
                request, _("Cette page est réservée à l'équipe de modération.")
            )
        return view(request, *args, **kwargs)

    return wrapped


def _queue_url(page: str | None) -> str:
    url = reverse("accounts:sign_up_queue")
    return f"{url}?page={page}" if page and page.isdigit() and page != "1" else url


def _render_queue(
    request: HttpRequest,
    *,
    page_number: str | None,
    bound: dict[int, ApproveSignUpForm | RefuseSignUpForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    page = Paginator(pending_sign_ups(), QUEUE_PAGE_SIZE).get_page(page_number)
    rows = []
    for profile in page.object_list:
        auto_id = f"id_%s_{profile.pk}"
        approve = bound.get(profile.pk)
        refuse = bound.get(profile.pk)
        rows.append(
            {
                "profile": profile,
                "approve_form": approve
                if isinstance(approve, ApproveSignUpForm)
                else ApproveSignUpForm(auto_id=auto_id),
                "refuse_form": refuse
                if isinstance(refuse, RefuseSignUpForm)
                else RefuseSignUpForm(auto_id=auto_id),
            }
        )
    municipalities = []
    if rows:
        municipalities = [
            municipality_choice_label(m)
            for m in Municipality.objects.select_related("region").order_by(
                "name", "geographic_code"
            )
        ]
    return render(
        request,
        "accounts/sign_up_queue.html",
        {"page": page, "rows": rows, "municipalities": municipalities},
        status=status,
    )


@require_GET
@moderators_only
def sign_up_queue(request: HttpRequest) -> HttpResponse:
    return _render_queue(request, page_number=request.GET.get("page"))


@require_POST
@moderators_only
def approve_sign_up(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=profile_id)
    page_number = request.POST.get("page")
    form = ApproveSignUpForm(request.POST, auto_id=f"id_%s_{profile.pk}")
    if not form.is_valid():
        return _render_queue(
            request, page_number=page_number, bound={profile.pk: form}, status=400
        )
    try:
        services.approve_sign_up(
            profile=profile,
            by=request.user,
            municipality=form.cleaned_data["municipality"],
        )
    except services.AccountActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Inscription de %(email)s approuvée ; un courriel l'en informe.")
            % {"email": profile.user.email},
        )
    return HttpResponseRedirect(_queue_url(page_number))


@require_POST
@moderators_only
def refuse_sign_up(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=profile_id)
    page_number = request.POST.get("page")
    form = RefuseSignUpForm(request.POST, auto_id=f"id_%s_{profile.pk}")
    if not form.is_valid():
        return _render_queue(
            request, page_number=page_number, bound={profile.pk: form}, status=400
        )
    try:
        services.refuse_sign_up(
            profile=profile, by=request.user, reason=form.cleaned_data["reason"]
        )
    except services.AccountActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Inscription de %(email)s refusée ; un courriel lui en donne le motif.")
            % {"email": profile.user.email},
        )
    return HttpResponseRedirect(_queue_url(page_number))
