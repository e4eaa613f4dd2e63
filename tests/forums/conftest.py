"""Fixtures for discussion tests: a theme, established members and threads."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import ThemeFactory, UserFactory, give_profile, make_thread

ESTABLISHED = timezone.now() - datetime.timedelta(days=90)


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="transcription", name_fr="Transcription des séances")


@pytest.fixture
def member_b(db, municipality_b):
    user = UserFactory(email="b@ville-b.exemple.qc.ca", groups=["Members"])
    give_profile(user, municipality=municipality_b, display_name="Béatrice Roy")
    return user


@pytest.fixture
def thread(db, theme, member):
    return make_thread(theme=theme, author=member)


@pytest.fixture
def public_thread(db, theme, member):
    return make_thread(
        theme=theme,
        author=member,
        title="Vos retours sur les budgets participatifs en ligne",
        visibility="public",
    )


@pytest.fixture
def established(db):
    """Members are older than the new-member window unless a test says so."""

    def age(user, *, days: int = 90):
        user.date_joined = timezone.now() - datetime.timedelta(days=days)
        user.save(update_fields=["date_joined"])
        return user

    return age
