"""Writes to accounts."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from cop.accounts.models import User

MODERATORS_GROUP = "Moderators"


@transaction.atomic
def ensure_demo_moderator(*, email: str, password: str) -> tuple[User, bool]:
    """Create (or reset) a verified moderator account for local demos."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Modération", "last_name": "Démo"}
    )
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created
