"""Who may do what, checked on the server for every role and every action.

The expectation is the table `ALLOWED` below, written from the Roles table of
ARCHITECTURE.md:

- visitor: read public case studies; nothing else.
- member: read members-only content (case studies, profiles); their own data.
- contributor: member rights, plus draft case studies for their municipality,
  submit them for moderation, edit their municipality's cases.
- moderator: approve (publish) and unpublish, edit any content and the
  reference data, handle pending sign-ups, manage members (but not moderators
  or administrators).
- administrator: everything, including granting the moderator role.

Each action reports what the server did: the HTTP answer for reads, the database
state (plus "no server error", and a sign-in redirect for visitors) for writes.
Discussions: members post, reply, report, follow and read their notifications;
moderators also hide, lock, pin and move, and see the report queue and the
moderation audit trail.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState

from casestudies.models import CaseStudyPage
from cop.accounts.models import Profile
from cop.taxonomy.models import Theme
from forums.models import ModerationAction, Post, Report, Subscription, Thread
from tests.casestudies.admin_forms import case_study_form_data
from tests.factories import (
    ThemeFactory,
    UserFactory,
    give_profile,
    make_case_study,
    make_post,
    make_thread,
)

VISITOR = "visitor"
MEMBER = "member"
CONTRIBUTOR_A = "contributor of municipality A"
CONTRIBUTOR_B = "contributor of municipality B"
MODERATOR = "moderator"
ADMINISTRATOR = "administrator"

ROLE_FIXTURES = {
    VISITOR: None,
    MEMBER: "member",
    CONTRIBUTOR_A: "contributor",
    CONTRIBUTOR_B: "contributor_b",
    MODERATOR: "moderator",
    ADMINISTRATOR: "administrator",
}

VIEW_PUBLIC_CASE = "view a public case study"
VIEW_MEMBERS_CASE = "view a members-only case study"
VIEW_PROFILE = "view a member's profile"
EDIT_OWN_PROFILE = "edit their own profile"
DOWNLOAD_OWN_DATA = "download their own data"
OPEN_CREATE_FORM = "open the case-study creation form"
DRAFT_FOR_A = "draft a case study for municipality A"
SUBMIT_DRAFT_OF_A = "submit a draft of municipality A for moderation"
PUBLISH_DRAFT_OF_A = "publish a draft of municipality A"
EDIT_CASE_OF_A = "edit a published case of municipality A"
UNPUBLISH_CASE_OF_A = "unpublish a case of municipality A"
MANAGE_REFERENCE_DATA = "manage reference data (themes, municipalities)"
SEE_MEMBER_ADMIN = "see the member administration"
SEE_SIGN_UP_QUEUE = "see the queue of pending sign-ups"
CHANGE_MEMBER_ROLE = "make a member a contributor"
GRANT_MODERATOR = "make a member a moderator"
START_THREAD = "start a discussion thread"
REPLY_IN_THREAD = "reply in a discussion thread"
REPORT_POST = "report a post"
FOLLOW_THREAD = "follow a thread"
FOLLOW_THEME = "follow a theme"
SEE_NOTIFICATIONS = "see their notifications"
HIDE_POST = "hide a post"
LOCK_THREAD = "lock a thread"
PIN_THREAD = "pin a thread"
MOVE_THREAD = "move a thread to another theme"
SEE_REPORT_QUEUE = "see the queue of reported posts"
SEE_AUDIT_LOG = "see the moderation audit trail"

_MEMBER_RIGHTS = {
    VIEW_PUBLIC_CASE,
    VIEW_MEMBERS_CASE,
    VIEW_PROFILE,
    EDIT_OWN_PROFILE,
    DOWNLOAD_OWN_DATA,
    START_THREAD,
    REPLY_IN_THREAD,
    REPORT_POST,
    FOLLOW_THREAD,
    FOLLOW_THEME,
    SEE_NOTIFICATIONS,
}
_CONTRIBUTOR_A_RIGHTS = _MEMBER_RIGHTS | {
    OPEN_CREATE_FORM,
    DRAFT_FOR_A,
    SUBMIT_DRAFT_OF_A,
    EDIT_CASE_OF_A,
}
_MODERATOR_RIGHTS = _CONTRIBUTOR_A_RIGHTS | {
    PUBLISH_DRAFT_OF_A,
    UNPUBLISH_CASE_OF_A,
    MANAGE_REFERENCE_DATA,
    SEE_MEMBER_ADMIN,
    SEE_SIGN_UP_QUEUE,
    CHANGE_MEMBER_ROLE,
    HIDE_POST,
    LOCK_THREAD,
    PIN_THREAD,
    MOVE_THREAD,
    SEE_REPORT_QUEUE,
    SEE_AUDIT_LOG,
}

ALLOWED: dict[str, set[str]] = {
    VISITOR: {VIEW_PUBLIC_CASE},
    MEMBER: _MEMBER_RIGHTS,
    CONTRIBUTOR_A: _CONTRIBUTOR_A_RIGHTS,
    # May open the form (to draft for B), but nothing of municipality A's.
    CONTRIBUTOR_B: _MEMBER_RIGHTS | {OPEN_CREATE_FORM},
    MODERATOR: _MODERATOR_RIGHTS,
    ADMINISTRATOR: _MODERATOR_RIGHTS | {GRANT_MODERATOR},
}


@dataclass
class World:
    """What every action works on: cases of municipality A and another member."""

    municipality_a: object
    theme: Theme
    index: object
    public_case: CaseStudyPage
    members_case: CaseStudyPage
    draft: CaseStudyPage
    target: object
    actor: object | None
    thread: Thread | None = None
    reply: Post | None = None
    other_theme: Theme | None = None


@pytest.fixture
def world(db, case_index, municipality_a):
    theme = ThemeFactory(slug="matrice-theme", name_fr="Matrice")
    target = UserFactory(email="cible@ville.exemple.qc.ca", groups=["Members"])
    give_profile(target, municipality=municipality_a, display_name="Membre cible")
    thread = make_thread(theme=theme, author=target, title="Fil de la matrice")
    return World(
        thread=thread,
        reply=make_post(thread=thread, author=target, body="Réponse de la cible."),
        other_theme=ThemeFactory(slug="matrice-autre", name_fr="Autre matrice"),
        municipality_a=municipality_a,
        theme=theme,
        index=case_index,
        public_case=make_case_study(
            municipality=municipality_a,
            themes=[theme],
            title="Cas public de A",
            slug="cas-public-de-a",
        ),
        members_case=make_case_study(
            municipality=municipality_a,
            themes=[theme],
            title="Cas réservé de A",
            slug="cas-reserve-de-a",
            visibility="members",
        ),
        draft=make_case_study(
            municipality=municipality_a,
            themes=[theme],
            title="Brouillon de A",
            slug="brouillon-de-a",
            publish=False,
        ),
        target=target,
        actor=None,
    )


# --- Actions: each returns {what was checked: whether it was allowed} -------------


class Probe:
    """The test client, remembering every answer; no answer may be a server error."""

    def __init__(self, client):
        self.client = client
        self.responses = []

    def _record(self, response):
        assert response.status_code < 500, response.status_code
        self.responses.append(response)
        return response

    def get(self, *args, **kwargs):
        return self._record(self.client.get(*args, **kwargs))

    def post(self, *args, **kwargs):
        return self._record(self.client.post(*args, **kwargs))


def _path(location: str) -> str:
    return urlsplit(location).path


def _read(response) -> dict[str, bool]:
    return {"HTTP 200": response.status_code == 200}


def _form(world: World, page: CaseStudyPage | None = None, **overrides) -> dict:
    if page is not None:
        overrides.setdefault("slug", page.slug)
        overrides.setdefault("title", page.title)
    return case_study_form_data(
        municipality=world.municipality_a, themes=[world.theme], **overrides
    )


def _edit_url(page: CaseStudyPage) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def view_public_case(client, world: World) -> dict[str, bool]:
    return _read(client.get(world.public_case.url))


def view_members_case(client, world: World) -> dict[str, bool]:
    response = client.get(world.members_case.url)
    checks = _read(response)
    checks["title in the answer"] = "Cas réservé de A" in response.content.decode()
    return checks


def view_profile(client, world: World) -> dict[str, bool]:
    response = client.get(reverse("members:profile", args=[world.target.pk]))
    checks = _read(response)
    checks["name in the answer"] = "Membre cible" in response.content.decode()
    return checks


def edit_own_profile(client, world: World) -> dict[str, bool]:
    response = client.post(
        reverse("members:profile_edit"),
        {
            "display_name": "Nom choisi dans la matrice",
            "role_kind": "employee",
            "bio": "",
            "notification_frequency": "daily",
        },
    )
    saved = Profile.objects.filter(display_name="Nom choisi dans la matrice")
    if world.actor is None:
        assert not saved.exists()
        return {"HTTP 302 to their profile": False, "database": False}
    return {
        "HTTP 302 to their profile": response.status_code == 302
        and _path(response["Location"])
        == reverse("members:profile", args=[world.actor.pk]),
        "database": saved.filter(user=world.actor).exists(),
    }


def download_own_data(client, world: World) -> dict[str, bool]:
    response = client.get(reverse("members:export_data"))
    checks = _read(response)
    if response.status_code == 200:
        data = json.loads(response.content)
        checks["their own email"] = data["account"]["email"] == world.actor.email
    return checks


def open_create_form(client, world: World) -> dict[str, bool]:
    return _read(
        client.get(
            reverse(
                "wagtailadmin_pages:add",
                args=["casestudies", "casestudypage", world.index.pk],
            )
        )
    )


def draft_for_a(client, world: World) -> dict[str, bool]:
    client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=["casestudies", "casestudypage", world.index.pk],
        ),
        _form(world, title="Nouveau cas de A", slug="nouveau-cas-de-a"),
    )
    created = CaseStudyPage.objects.filter(slug="nouveau-cas-de-a")
    assert not created.filter(live=True).exists()  # drafting never publishes
    return {"database: created": created.exists()}


def submit_draft_of_a(client, world: World) -> dict[str, bool]:
    client.post(
        _edit_url(world.draft),
        {**_form(world, world.draft), "action-submit": "action-submit"},
    )
    return {
        "database: in moderation": WorkflowState.objects.filter(
            base_content_type__model="page",
            object_id=str(world.draft.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).exists()
    }


def publish_draft_of_a(client, world: World) -> dict[str, bool]:
    client.post(
        _edit_url(world.draft),
        {**_form(world, world.draft), "action-publish": "action-publish"},
    )
    world.draft.refresh_from_db()
    return {"database: live": world.draft.live}


def edit_case_of_a(client, world: World) -> dict[str, bool]:
    response = client.post(
        _edit_url(world.public_case),
        _form(world, world.public_case, title="Cas public de A, révisé"),
    )
    world.public_case.refresh_from_db()
    latest = world.public_case.get_latest_revision().content["title"]
    return {
        "HTTP 302 back to the editor": response.status_code == 302
        and _path(response["Location"]) == _edit_url(world.public_case),
        "database: new revision": latest == "Cas public de A, révisé",
    }


def unpublish_case_of_a(client, world: World) -> dict[str, bool]:
    client.post(reverse("wagtailadmin_pages:unpublish", args=[world.public_case.pk]))
    world.public_case.refresh_from_db()
    return {"database: not live": not world.public_case.live}


def manage_reference_data(client, world: World) -> dict[str, bool]:
    theme_list = client.get("/admin/snippets/taxonomy/theme/")
    municipality_list = client.get("/admin/snippets/taxonomy/municipality/")
    edit_url = f"/admin/snippets/taxonomy/theme/edit/{world.theme.pk}/"
    edit_form = client.get(edit_url)
    client.post(
        edit_url,
        {
            "slug": world.theme.slug,
            "name_fr": "Matrice renommée",
            "name_en": "",
            "description": "",
            "parent": "",
            "sort_order": "0",
        },
    )
    world.theme.refresh_from_db()
    return {
        "theme list HTTP 200": theme_list.status_code == 200,
        "municipality list HTTP 200": municipality_list.status_code == 200,
        "theme form HTTP 200": edit_form.status_code == 200,
        "database: theme renamed": world.theme.name_fr == "Matrice renommée",
    }


def see_member_admin(client, world: World) -> dict[str, bool]:
    return _read(client.get(reverse("members:admin")))


def see_sign_up_queue(client, world: World) -> dict[str, bool]:
    return _read(client.get(reverse("accounts:sign_up_queue")))


def _post_role(client, world: World, role: str):
    return client.post(
        reverse("members:change_role", args=[world.target.pk]), {"role": role}
    )


def _redirects_to_member_page(response, world: World) -> bool:
    return response.status_code == 302 and _path(response["Location"]) == reverse(
        "members:manage", args=[world.target.pk]
    )


def _target_groups(world: World) -> set[str]:
    return set(world.target.groups.values_list("name", flat=True))


def change_member_role(client, world: World) -> dict[str, bool]:
    response = _post_role(client, world, "contributor")
    return {
        "HTTP 302 to the member page": _redirects_to_member_page(response, world),
        "database: contributor": "Contributors" in _target_groups(world),
    }


def grant_moderator(client, world: World) -> dict[str, bool]:
    response = _post_role(client, world, "moderator")
    return {
        "HTTP 302 to the member page": _redirects_to_member_page(response, world),
        "database: moderator": "Moderators" in _target_groups(world),
    }


# --- Discussions -------------------------------------------------------------------


def _mine(queryset, world: World, field: str = "author"):
    """Rows written by the acting user (none for visitors)."""
    if world.actor is None:
        return queryset.none()
    return queryset.filter(**{field: world.actor})


def start_thread(client, world: World) -> dict[str, bool]:
    client.post(
        reverse("forums:thread_create", args=[world.theme.slug]),
        {
            "title": "Nouveau fil de la matrice",
            "body": "Une question posée dans la matrice.",
            "visibility": "members",
        },
    )
    created = Thread.objects.filter(title="Nouveau fil de la matrice")
    return {"database: thread created": _mine(created, world).exists()}


def reply_in_thread(client, world: World) -> dict[str, bool]:
    client.post(
        reverse("forums:reply", args=[world.thread.pk]),
        {"body": "Une réponse écrite dans la matrice."},
    )
    created = Post.objects.filter(body_source="Une réponse écrite dans la matrice.")
    return {"database: reply created": _mine(created, world).exists()}


def report_post(client, world: World) -> dict[str, bool]:
    client.post(
        reverse("forums:report_post", args=[world.reply.pk]), {"reason": "spam"}
    )
    reports = Report.objects.filter(post=world.reply)
    return {"database: report filed": _mine(reports, world, "reporter").exists()}


def follow_thread(client, world: World) -> dict[str, bool]:
    client.post(
        reverse("forums:follow_thread", args=[world.thread.pk]), {"follow": "1"}
    )
    follows = Subscription.objects.filter(thread=world.thread)
    return {"database: following": _mine(follows, world, "user").exists()}


def follow_theme(client, world: World) -> dict[str, bool]:
    client.post(
        reverse("forums:follow_theme", args=[world.theme.slug]), {"follow": "1"}
    )
    follows = Subscription.objects.filter(theme=world.theme)
    return {"database: following": _mine(follows, world, "user").exists()}


def see_notifications(client, world: World) -> dict[str, bool]:
    return _read(client.get(reverse("forums:notifications")))


def hide_post(client, world: World) -> dict[str, bool]:
    client.post(
        reverse("forums:hide_post", args=[world.reply.pk]), {"reason": "Matrice"}
    )
    world.reply.refresh_from_db()
    return {
        "database: hidden": world.reply.hidden,
        "audit trail": ModerationAction.objects.filter(post=world.reply).exists(),
    }


def lock_thread(client, world: World) -> dict[str, bool]:
    client.post(reverse("forums:lock_thread", args=[world.thread.pk]))
    world.thread.refresh_from_db()
    return {"database: locked": world.thread.locked}


def pin_thread(client, world: World) -> dict[str, bool]:
    client.post(reverse("forums:pin_thread", args=[world.thread.pk]))
    world.thread.refresh_from_db()
    return {"database: pinned": world.thread.pinned}


def move_thread(client, world: World) -> dict[str, bool]:
    client.post(
        reverse("forums:move_thread", args=[world.thread.pk]),
        {"theme": world.other_theme.pk, "reason": "Matrice"},
    )
    world.thread.refresh_from_db()
    return {"database: moved": world.thread.theme_id == world.other_theme.pk}


def see_report_queue(client, world: World) -> dict[str, bool]:
    return _read(client.get(reverse("forums:moderation_queue")))


def see_audit_log(client, world: World) -> dict[str, bool]:
    return _read(client.get(reverse("forums:audit_log")))


ACTIONS: dict[str, Callable[..., dict[str, bool]]] = {
    VIEW_PUBLIC_CASE: view_public_case,
    VIEW_MEMBERS_CASE: view_members_case,
    VIEW_PROFILE: view_profile,
    EDIT_OWN_PROFILE: edit_own_profile,
    DOWNLOAD_OWN_DATA: download_own_data,
    OPEN_CREATE_FORM: open_create_form,
    DRAFT_FOR_A: draft_for_a,
    SUBMIT_DRAFT_OF_A: submit_draft_of_a,
    PUBLISH_DRAFT_OF_A: publish_draft_of_a,
    EDIT_CASE_OF_A: edit_case_of_a,
    UNPUBLISH_CASE_OF_A: unpublish_case_of_a,
    MANAGE_REFERENCE_DATA: manage_reference_data,
    SEE_MEMBER_ADMIN: see_member_admin,
    SEE_SIGN_UP_QUEUE: see_sign_up_queue,
    CHANGE_MEMBER_ROLE: change_member_role,
    GRANT_MODERATOR: grant_moderator,
    START_THREAD: start_thread,
    REPLY_IN_THREAD: reply_in_thread,
    REPORT_POST: report_post,
    FOLLOW_THREAD: follow_thread,
    FOLLOW_THEME: follow_theme,
    SEE_NOTIFICATIONS: see_notifications,
    HIDE_POST: hide_post,
    LOCK_THREAD: lock_thread,
    PIN_THREAD: pin_thread,
    MOVE_THREAD: move_thread,
    SEE_REPORT_QUEUE: see_report_queue,
    SEE_AUDIT_LOG: see_audit_log,
}


def test_the_expectation_table_names_only_real_roles_and_actions():
    assert set(ALLOWED) == set(ROLE_FIXTURES)
    for role, actions in ALLOWED.items():
        assert actions <= set(ACTIONS), role


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", list(ROLE_FIXTURES))
def test_permission_matrix(request, client, world, role, action):
    fixture = ROLE_FIXTURES[role]
    if fixture is not None:
        world.actor = request.getfixturevalue(fixture)
        client.force_login(world.actor)
    expected = action in ALLOWED[role]
    probe = Probe(client)

    checks = ACTIONS[action](probe, world)

    refused = sorted(label for label, allowed in checks.items() if not allowed)
    granted = sorted(label for label, allowed in checks.items() if allowed)
    if expected:
        assert not refused, f"{role} should be able to {action}; refused: {refused}"
    else:
        assert not granted, f"{role} should not {action}; allowed: {granted}"
    if role == VISITOR and not expected:
        # Refused visitors are asked to sign in, never shown the page.
        assert probe.responses
        for response in probe.responses:
            assert response.status_code == 302
            assert "login" in response["Location"]


def test_a_signed_in_account_without_a_role_reads_only_public_content(client, world):
    """Sign-ups waiting for approval hold no role group yet."""
    waiting = UserFactory(email="en-attente@exemple.com")
    give_profile(waiting, approval_status="pending")
    client.force_login(waiting)
    assert client.get(world.public_case.url).status_code == 200
    assert client.get(world.members_case.url).status_code == 403
    assert (
        client.get(reverse("members:profile", args=[world.target.pk])).status_code
        == 403
    )
    assert client.get(reverse("members:admin")).status_code == 403
    assert not Group.objects.filter(user=waiting).exists()


def test_a_signed_in_account_without_a_role_cannot_take_part_in_discussions(
    client, world
):
    """Pending sign-ups may not post, reply, report, follow or moderate."""
    waiting = UserFactory(email="en-attente-forum@exemple.com")
    give_profile(waiting, approval_status="pending")
    client.force_login(waiting)
    world.actor = waiting

    for action in (
        start_thread,
        reply_in_thread,
        report_post,
        follow_thread,
        follow_theme,
        see_notifications,
        hide_post,
        lock_thread,
        see_report_queue,
        see_audit_log,
    ):
        probe = Probe(client)
        checks = action(probe, world)
        assert not any(checks.values()), action.__name__
        assert all(response.status_code == 403 for response in probe.responses), (
            action.__name__
        )
