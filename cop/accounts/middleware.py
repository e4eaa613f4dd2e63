"""End the session of a member who has been suspended since signing in."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from cop.accounts.adapter import SUSPENDED_MESSAGE
from cop.accounts.signup import is_suspended


class SuspendedAccountMiddleware:
    """Log a suspended member out at their next request, with a message.

    Goes after AuthenticationMiddleware and MessageMiddleware. The request then
    carries on as a visitor's: public pages still show, members-only ones ask
    to sign in, and the sign-in itself is refused by the adapter.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_suspended(user):
            logout(request)
            messages.error(request, gettext(SUSPENDED_MESSAGE))
        return self.get_response(request)
