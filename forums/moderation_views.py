"""Reports, moderator actions, the moderation queue and the audit trail.

Actions are POST only and checked on the server: visitors are sent to sign in,
signed-in people without the right get a 403. A refused or incomplete action
shows its form again with what was typed and a French message (status 400).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cop.accounts.roles import is_member, is_moderator
from cop.accounts.views import forbidden
from forums import moderation
from forums.models import Post, Thread
from forums.moderation_forms import (
    AuditFilterForm,
    MoveThreadForm,
    OptionalReasonForm,
    ReportForm,
    RequiredReasonForm,
)

QUEUE_PAGE_SIZE = 20
AUDIT_PAGE_SIZE = 50

View = Callable[..., HttpResponse]


def _requires(check: Callable, refusal: str) -> Callable[[View], View]:
    """Visitors are sent to sign in; signed-in users who fail `check` get a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                return forbidden(request, str(refusal))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


member_required = _requires(
    is_member,
    gettext_lazy(
        "Les discussions sont réservées aux membres. Votre inscription doit "
        "d'abord être approuvée."
    ),
)
moderator_required = _requires(
    is_moderator, gettext_lazy("Cette action est réservée à l'équipe de modération.")
)


def safe_next_url(request: HttpRequest, default: str) -> str:
    """Where to go after an action: the page it was posted from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _live_post(pk: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("thread__theme", "author__profile").filter(
            deleted_at__isnull=True, thread__deleted_at__isnull=True
        ),
        pk=pk,
    )


def _live_thread(pk: int) -> Thread:
    return get_object_or_404(
        Thread.objects.select_related("theme").filter(deleted_at__isnull=True), pk=pk
    )


def _run(
    request: HttpRequest,
    *,
    form: Form,
    title: str,
    submit: str,
    action: Callable[[dict], object],
    success: str,
    back: str,
    target: Thread | Post,
) -> HttpResponse:
    """Validate `form`, call `action(cleaned_data)`, then redirect with `success`;
    on a refusal show the form again with what was typed."""
    error = ""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except moderation.ModerationError as refusal:
            error = str(refusal)
        else:
            messages.success(request, success)
            return redirect(back)
    return render(
        request,
        "forums/moderation/action_form.html",
        {
            "form": form,
            "error": error,
            "title": title,
            "submit": submit,
            "action_url": request.path,
            "back": back,
            "target": target,
        },
        status=400,
    )


# --- Reports -------------------------------------------------------------------------


@require_POST
@member_required
def report_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _live_post(pk)
    if not Thread.objects.visible_to(request.user).filter(pk=post.thread_id).exists():
        return forbidden(request, _("Ce fil n'est pas accessible."))
    form = ReportForm(request.POST)
    return _run(
        request,
        form=form,
        title=_("Signaler un message"),
        submit=_("Envoyer le signalement"),
        action=lambda data: moderation.report_post(
            post=post,
            reporter=request.user,
            reason=data["reason"],
            details=data["details"],
        ),
        success=_("Merci : votre signalement a été transmis à l'équipe de modération."),
        back=safe_next_url(request, post.get_absolute_url()),
        target=post,
    )


@require_GET
@moderator_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(moderation.reported_posts(), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forums/moderation/queue.html",
        {"page_obj": page, "posts": page.object_list},
    )


@require_POST
@moderator_required
def dismiss_reports(request: HttpRequest, pk: int) -> HttpResponse:
    post = _live_post(pk)
    return _run(
        request,
        form=OptionalReasonForm(request.POST),
        title=_("Rejeter les signalements"),
        submit=_("Rejeter les signalements"),
        action=lambda data: moderation.dismiss_reports(
            post=post, moderator=request.user, reason=data["reason"]
        ),
        success=_("Les signalements de ce message ont été rejetés."),
        back=safe_next_url(request, post.get_absolute_url()),
        target=post,
    )


# --- Posts ---------------------------------------------------------------------------


@require_POST
@moderator_required
def hide_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _live_post(pk)
    return _run(
        request,
        form=RequiredReasonForm(request.POST),
        title=_("Masquer un message"),
        submit=_("Masquer le message"),
        action=lambda data: moderation.hide_post(
            post=post, moderator=request.user, reason=data["reason"]
        ),
        success=_(
            "Le message est masqué : les membres voient maintenant un avis à sa place."
        ),
        back=safe_next_url(request, post.get_absolute_url()),
        target=post,
    )


@require_POST
@moderator_required
def unhide_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _live_post(pk)
    return _run(
        request,
        form=OptionalReasonForm(request.POST),
        title=_("Rétablir un message"),
        submit=_("Rétablir le message"),
        action=lambda data: moderation.unhide_post(
            post=post, moderator=request.user, reason=data["reason"]
        ),
        success=_("Le message est de nouveau visible par les membres."),
        back=safe_next_url(request, post.get_absolute_url()),
        target=post,
    )


@require_POST
@moderator_required
def suspend_author(request: HttpRequest, pk: int) -> HttpResponse:
    post = _live_post(pk)
    if post.author is None:
        return forbidden(request, _("Ce message n'a plus d'auteur à suspendre."))
    return _run(
        request,
        form=RequiredReasonForm(request.POST),
        title=_("Suspendre l'auteur du message"),
        submit=_("Suspendre l'auteur"),
        action=lambda data: moderation.suspend_member_from_forum(
            user=post.author, moderator=request.user, reason=data["reason"], post=post
        ),
        success=_("Le compte de l'auteur est suspendu : il ne peut plus se connecter."),
        back=safe_next_url(request, post.get_absolute_url()),
        target=post,
    )


# --- Threads -------------------------------------------------------------------------


def _thread_action(
    *,
    service: Callable[..., Thread],
    form_class: type[Form],
    title: str,
    submit: str,
    success: str,
) -> View:
    @require_POST
    @moderator_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        thread = _live_thread(pk)
        return _run(
            request,
            form=form_class(request.POST),
            title=str(title),
            submit=str(submit),
            action=lambda data: service(
                thread=thread, moderator=request.user, reason=data["reason"]
            ),
            success=str(success),
            back=safe_next_url(request, thread.get_absolute_url()),
            target=thread,
        )

    return view


lock_thread = _thread_action(
    service=moderation.lock_thread,
    form_class=OptionalReasonForm,
    title=gettext_lazy("Verrouiller un fil"),
    submit=gettext_lazy("Verrouiller"),
    success=gettext_lazy("Le fil est verrouillé : plus personne ne peut y répondre."),
)
unlock_thread = _thread_action(
    service=moderation.unlock_thread,
    form_class=OptionalReasonForm,
    title=gettext_lazy("Déverrouiller un fil"),
    submit=gettext_lazy("Déverrouiller"),
    success=gettext_lazy("Le fil est déverrouillé : les membres peuvent y répondre."),
)
pin_thread = _thread_action(
    service=moderation.pin_thread,
    form_class=OptionalReasonForm,
    title=gettext_lazy("Épingler un fil"),
    submit=gettext_lazy("Épingler"),
    success=gettext_lazy("Le fil est épinglé en haut de son thème."),
)
unpin_thread = _thread_action(
    service=moderation.unpin_thread,
    form_class=OptionalReasonForm,
    title=gettext_lazy("Désépingler un fil"),
    submit=gettext_lazy("Désépingler"),
    success=gettext_lazy("Le fil n'est plus épinglé."),
)
hide_thread = _thread_action(
    service=moderation.hide_thread,
    form_class=RequiredReasonForm,
    title=gettext_lazy("Masquer un fil"),
    submit=gettext_lazy("Masquer tout le fil"),
    success=gettext_lazy("Le fil est masqué : seuls les modérateurs le voient."),
)
unhide_thread = _thread_action(
    service=moderation.unhide_thread,
    form_class=OptionalReasonForm,
    title=gettext_lazy("Rétablir un fil"),
    submit=gettext_lazy("Rétablir le fil"),
    success=gettext_lazy("Le fil est de nouveau visible."),
)


@require_POST
@moderator_required
def move_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _live_thread(pk)
    return _run(
        request,
        form=MoveThreadForm(request.POST),
        title=_("Déplacer un fil"),
        submit=_("Déplacer"),
        action=lambda data: moderation.move_thread(
            thread=thread,
            to_theme=data["theme"],
            moderator=request.user,
            reason=data["reason"],
        ),
        success=_("Le fil a été déplacé."),
        back=safe_next_url(request, thread.get_absolute_url()),
        target=thread,
    )


# --- Audit trail ---------------------------------------------------------------------


@require_GET
@moderator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(
        request.GET or None, moderators=moderation.moderators_in_trail()
    )
    kind, actor_id = "", None
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"]
        actor = form.cleaned_data["actor"]
        actor_id = actor.pk if actor else None
    page = Paginator(
        moderation.audit_trail(kind=kind, actor_id=actor_id), AUDIT_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/moderation/audit_log.html",
        {
            "form": form,
            "filter_error": form.is_bound and not form.is_valid(),
            "page_obj": page,
            "actions": page.object_list,
        },
    )
