"""Discussion pages: themes, threads, posting. Thin views over forums.services.

Who may read: members read every thread that is not hidden or deleted;
visitors read public threads only. Like members-only case studies, a visitor
opening a members-only thread is sent to sign in, and a signed-in account
without a role gets a 403 that says why. Hidden and deleted threads are a 404
for everyone but moderators.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cop.accounts.roles import is_member, is_moderator
from cop.accounts.views import forbidden
from cop.core.sanitize import render_markdown
from cop.taxonomy.models import Theme
from forums import services
from forums.forms import PostEditForm, PreviewForm, ReplyForm, ThreadForm
from forums.mentions import cards_for_posts
from forums.models import Post, Thread, ThreadVisibility
from forums.ratelimits import RateLimited

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 30

SORTS = {
    "activite": ("-pinned", "-last_activity_at", "-pk"),
    "recents": ("-pinned", "-created_at", "-pk"),
    "sans-reponse": ("-pinned", "reply_count", "-created_at", "-pk"),
}
SORT_LABELS = {
    "activite": gettext_lazy("Activité récente"),
    "recents": gettext_lazy("Nouveaux fils"),
    "sans-reponse": gettext_lazy("En attente de réponse"),
}
STATES = {
    "": gettext_lazy("Tous"),
    "resolus": gettext_lazy("Avec réponse acceptée"),
    "non-resolus": gettext_lazy("Sans réponse acceptée"),
}

MEMBERS_ONLY = gettext_lazy(
    "Les discussions sont réservées aux membres. Votre inscription doit d'abord "
    "être approuvée par l'équipe de modération."
)

View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Visitors are sent to sign in; signed-in accounts without a role get a 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(request.user):
            return forbidden(request, MEMBERS_ONLY)
        return view(request, *args, **kwargs)

    return wrapped


def _visible_threads_q(user, prefix: str = "") -> Q:
    """The `Thread.objects.visible_to(user)` condition, for annotations."""
    q = Q(**{f"{prefix}deleted_at__isnull": True})
    if not is_member(user):
        q &= Q(**{f"{prefix}visibility": ThreadVisibility.PUBLIC})
    if not is_moderator(user):
        q &= Q(**{f"{prefix}hidden": False})
    return q


def _theme_family(theme: Theme) -> list[int]:
    return [theme.pk, *theme.children.values_list("pk", flat=True)]


def _readable_thread(request: HttpRequest, pk: int) -> Thread | HttpResponse:
    """The thread if this user may read it, else the response to give instead."""
    thread = get_object_or_404(
        Thread.objects.with_related().filter(deleted_at__isnull=True), pk=pk
    )
    user = request.user
    if thread.hidden and not is_moderator(user):
        raise Http404
    if thread.visibility == ThreadVisibility.MEMBERS and not is_member(user):
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return forbidden(request, MEMBERS_ONLY)
    return thread


def _post_in_readable_thread(request: HttpRequest, pk: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread", "author__profile"),
        pk=pk,
        deleted_at__isnull=True,
    )
    thread = post.thread
    if thread.deleted_at is not None or (
        thread.hidden and not is_moderator(request.user)
    ):
        raise Http404
    if post.hidden and not is_moderator(request.user):
        raise Http404
    return post


def _post_url(post: Post) -> str:
    """The thread page that shows `post`, anchored on it."""
    earlier = (
        Post.objects.filter(thread_id=post.thread_id)
        .filter(
            Q(created_at__lt=post.created_at)
            | Q(created_at=post.created_at, pk__lt=post.pk)
        )
        .count()
    )
    # The first post (the question) is shown above the replies, not paged.
    page = max(earlier - 1, 0) // POSTS_PER_PAGE + 1
    url = reverse("forums:thread_detail", args=[post.thread_id])
    if page > 1:
        url += f"?page={page}"
    return f"{url}#message-{post.pk}"


# --- Themes ------------------------------------------------------------------------


@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    visible = _visible_threads_q(request.user, "threads__")
    child_visible = _visible_threads_q(request.user, "children__threads__")
    themes = (
        Theme.objects.top_level()
        .annotate(
            own_count=Count("threads", filter=visible, distinct=True),
            child_count=Count("children__threads", filter=child_visible, distinct=True),
            own_last=Max("threads__last_activity_at", filter=visible),
            child_last=Max("children__threads__last_activity_at", filter=child_visible),
        )
        .prefetch_related("children")
    )
    rows = [
        {
            "theme": theme,
            "count": theme.own_count + theme.child_count,
            "last": max(
                (d for d in (theme.own_last, theme.child_last) if d), default=None
            ),
        }
        for theme in themes
    ]
    recent = (
        Thread.objects.visible_to(request.user)
        .with_related()
        .order_by("-last_activity_at")[:5]
    )
    return render(
        request,
        "forums/theme_list.html",
        {"rows": rows, "recent_threads": recent, "may_post": is_member(request.user)},
    )


@require_GET
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    sort = request.GET.get("tri", "activite")
    if sort not in SORTS:
        sort = "activite"
    state = request.GET.get("etat", "")
    if state not in STATES:
        state = ""
    threads: QuerySet = (
        Thread.objects.visible_to(request.user)
        .filter(theme_id__in=_theme_family(theme))
        .with_related()
    )
    if state == "resolus":
        threads = threads.answered()
    elif state == "non-resolus":
        threads = threads.unanswered()
    page_obj = Paginator(threads.order_by(*SORTS[sort]), THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forums/theme_detail.html",
        {
            "theme": theme,
            "subthemes": theme.children.all(),
            "page_obj": page_obj,
            "threads": page_obj.object_list,
            "sort": sort,
            "state": state,
            "sorts": SORT_LABELS.items(),
            "states": STATES.items(),
            "may_post": is_member(request.user),
        },
    )


# --- Threads -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    form = ThreadForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            try:
                thread = services.create_thread(
                    theme=theme,
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    visibility=form.cleaned_data["visibility"],
                )
            except RateLimited as error:
                form.add_error(None, error.message)
                return _render_thread_form(request, theme, form, None, status=429)
            return redirect(thread)
    return _render_thread_form(request, theme, form, preview)


def _render_thread_form(request, theme, form, preview, status: int = 200):
    return render(
        request,
        "forums/thread_form.html",
        {"theme": theme, "form": form, "preview": preview},
        status=status,
    )


def _thread_context(request: HttpRequest, thread: Thread, reply_form=None) -> dict:
    user = request.user
    moderator = is_moderator(user)
    posts = Post.objects.filter(thread=thread, deleted_at__isnull=True).select_related(
        "author__profile__municipality"
    )
    first = posts.order_by("created_at", "pk").first()
    replies = posts.exclude(pk=first.pk) if first else posts
    page_obj = Paginator(replies.order_by("created_at", "pk"), POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    accepted = None
    if thread.accepted_post_id and thread.accepted_post_id != getattr(
        first, "pk", None
    ):
        accepted = posts.filter(pk=thread.accepted_post_id).first()
        if accepted and accepted.hidden and not moderator:
            accepted = None
    shown = [p for p in [first, accepted, *page_obj.object_list] if p is not None]
    reacted = set()
    if user.is_authenticated:
        reacted = set(
            user.reactions.filter(post__in=[p.pk for p in shown]).values_list(
                "post_id", flat=True
            )
        )
    cards = cards_for_posts(
        [p for p in shown if moderator or not p.hidden],
        user=user,
        request_host=request.get_host(),
    )
    may_reply = False
    reply_refusal = ""
    if is_member(user):
        try:
            services.ensure_may_reply(thread=thread, author=user)
            may_reply = True
        except (PermissionDenied, services.ThreadClosed) as error:
            reply_refusal = str(error)
    if reply_form is None and may_reply:
        initial = {}
        quoted = _quoted_post(request, thread)
        if quoted is not None:
            initial = {"body": services.quote_markdown(quoted), "quote_of": quoted.pk}
        reply_form = ReplyForm(initial=initial)
    return {
        "thread": thread,
        "theme": thread.theme,
        "first_post": first,
        "accepted_post": accepted,
        "page_obj": page_obj,
        "replies": page_obj.object_list,
        "reacted": reacted,
        "cards": cards,
        "is_moderator": moderator,
        "is_member": is_member(user),
        "may_accept": services.may_accept(thread=thread, user=user),
        "may_reply": may_reply,
        "reply_refusal": reply_refusal,
        "reply_form": reply_form,
    }


def _quoted_post(request: HttpRequest, thread: Thread) -> Post | None:
    """The post named by `?citer=<id>` when it belongs to this thread and shows."""
    try:
        pk = int(request.GET.get("citer", ""))
    except ValueError:
        return None
    return (
        thread.posts.visible().select_related("author__profile").filter(pk=pk).first()
    )


@require_GET
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _readable_thread(request, pk)
    if isinstance(thread, HttpResponse):
        return thread
    return render(
        request, "forums/thread_detail.html", _thread_context(request, thread)
    )


@require_POST
@member_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _readable_thread(request, pk)
    if isinstance(thread, HttpResponse):
        return thread
    form = ReplyForm(request.POST)
    status = 200
    preview = None
    if form.is_valid():
        quote_of = None
        if form.cleaned_data.get("quote_of"):
            quote_of = thread.posts.filter(pk=form.cleaned_data["quote_of"]).first()
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            try:
                post = services.reply(
                    thread=thread,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    quote_of=quote_of,
                )
            except RateLimited as error:
                form.add_error(None, error.message)
                status = 429
            except (PermissionDenied, services.ThreadClosed) as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return redirect(_post_url(post))
    else:
        status = 400
    context = _thread_context(request, thread, reply_form=form)
    context["preview"] = preview
    context["may_reply"] = True  # keep the typed text on screen, with its error
    return render(request, "forums/thread_detail.html", context, status=status)


# --- Posts ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_in_readable_thread(request, pk)
    if not services.may_edit(post=post, user=request.user):
        return forbidden(
            request,
            _(
                "Vous ne pouvez modifier que vos propres messages, et seulement "
                "tant que la discussion n'est pas verrouillée."
            ),
        )
    form = PostEditForm(request.POST or None, initial={"body": post.body_source})
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            services.edit_post(
                post=post, editor=request.user, body=form.cleaned_data["body"]
            )
            return redirect(_post_url(post))
    return render(
        request,
        "forums/post_form.html",
        {"post": post, "thread": post.thread, "form": form, "preview": preview},
    )


@require_GET
@member_required
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_moderator(request.user):
        return forbidden(
            request, _("L'historique des modifications est réservé à la modération.")
        )
    post = get_object_or_404(
        Post.objects.select_related("thread", "author__profile"), pk=pk
    )
    revisions = post.revisions.select_related("edited_by__profile")
    return render(
        request,
        "forums/post_history.html",
        {
            "post": post,
            "thread": post.thread,
            "revisions": [
                {"revision": revision, "html": render_markdown(revision.body_source)}
                for revision in revisions
            ],
        },
    )


@require_POST
@member_required
def accept_answer(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_in_readable_thread(request, pk)
    thread = post.thread
    try:
        if request.POST.get("action") == "retirer":
            services.unaccept_answer(thread=thread, by=request.user)
        else:
            services.accept_answer(post=post, by=request.user)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        return forbidden(request, " ".join(error.messages))
    return redirect(_post_url(post))


@require_POST
@member_required
def react(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_in_readable_thread(request, pk)
    try:
        services.toggle_reaction(post=post, user=request.user)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    return redirect(_post_url(post))


@require_POST
@member_required
def preview(request: HttpRequest) -> HttpResponse:
    """The sanitized HTML of a draft, for the composer's preview pane."""
    form = PreviewForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return render(
        request, "forums/includes/preview.html", {"html": render_markdown(body)}
    )
