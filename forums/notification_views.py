"""Follow buttons, the notifications page and one-click unsubscribe links."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cop.accounts.views import forbidden
from cop.taxonomy.models import Theme
from forums import notifications
from forums.models import Notification, Thread
from forums.moderation_views import member_required, safe_next_url

NOTIFICATIONS_PAGE_SIZE = 30


def _wants_follow(request: HttpRequest, currently: bool) -> bool:
    """The button says what it does ("1" follow, "0" stop); a bare POST toggles,
    so a double click never undoes what the member asked."""
    value = request.POST.get("follow")
    if value in {"0", "1"}:
        return value == "1"
    return not currently


@require_POST
@member_required
def follow_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.visible_to(request.user), pk=pk)
    following = thread.subscriptions.filter(user=request.user).exists()
    if _wants_follow(request, following):
        try:
            notifications.follow_thread(user=request.user, thread=thread)
        except notifications.FollowError as refusal:
            return forbidden(request, str(refusal))
        messages.success(
            request,
            _("Vous suivez ce fil : chaque nouvelle réponse vous sera signalée."),
        )
    else:
        notifications.unfollow_thread(user=request.user, thread=thread)
        messages.success(request, _("Vous ne suivez plus ce fil."))
    return redirect(safe_next_url(request, thread.get_absolute_url()))


@require_POST
@member_required
def follow_theme(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    following = theme.forum_subscriptions.filter(user=request.user).exists()
    default = reverse("forums:theme_detail", args=[theme.slug])
    if _wants_follow(request, following):
        try:
            notifications.follow_theme(user=request.user, theme=theme)
        except notifications.FollowError as refusal:
            return forbidden(request, str(refusal))
        messages.success(
            request, _("Vous suivez ce thème : chaque nouveau fil vous sera signalé.")
        )
    else:
        notifications.unfollow_theme(user=request.user, theme=theme)
        messages.success(request, _("Vous ne suivez plus ce thème."))
    return redirect(safe_next_url(request, default))


@require_GET
@member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    queryset = notifications.notifications_for(request.user)
    page = Paginator(queryset, NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forums/notifications/notification_list.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread_count": queryset.filter(read_at__isnull=True).count(),
        },
    )


@require_POST
@member_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_all_notifications_read(user=request.user)
    if count:
        messages.success(
            request, _("Toutes vos notifications sont marquées comme lues.")
        )
    return redirect("forums:notifications")


@require_GET
@member_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Marking as read is harmless and idempotent, so a plain link does it."""
    notification = get_object_or_404(
        notifications.notifications_for(request.user), pk=pk
    )
    notifications.mark_notification_read(notification=notification)
    return redirect(_target_of(notification))


def _target_of(notification: Notification) -> str:
    if notification.post is not None:
        return notification.post.get_absolute_url()
    if notification.thread is not None:
        return notification.thread.get_absolute_url()
    return reverse("forums:notifications")


@csrf_exempt  # the signed token is the credential; mail clients POST without a form
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners follow links); POST applies, without signing in.

    RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` here.
    """
    try:
        unsubscribe_request = notifications.read_unsubscribe_token(token)
    except notifications.InvalidUnsubscribeToken:
        return render(
            request, "forums/notifications/unsubscribe_invalid.html", status=400
        )
    context = {
        "what": notifications.describe_unsubscribe(unsubscribe_request),
        "scope": str(unsubscribe_request.scope),
        "token": token,
    }
    if request.method == "POST":
        notifications.apply_unsubscribe(request=unsubscribe_request)
        return render(request, "forums/notifications/unsubscribe_done.html", context)
    return render(request, "forums/notifications/unsubscribe_confirm.html", context)
