"""Who may draft, edit, submit and publish case studies in the Wagtail admin.

Every assertion checks the server's answer and the database, not the UI.
"""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from casestudies.models import CaseStudyPage
from tests.casestudies.admin_forms import case_study_form_data
from tests.factories import ThemeFactory, make_case_study


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="services-aux-citoyens-test")


def _add_url(index):
    return reverse(
        "wagtailadmin_pages:add", args=["casestudies", "casestudypage", index.pk]
    )


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_contributor_drafts_a_case_for_their_municipality(
    client, contributor, case_index, municipality_a, theme
):
    client.force_login(contributor)
    response = client.post(
        _add_url(case_index),
        case_study_form_data(municipality=municipality_a, themes=[theme]),
    )
    assert response.status_code == 302
    page = CaseStudyPage.objects.get(slug="agent-conversationnel-hors-heures")
    assert page.municipality == municipality_a
    assert not page.live
    assert page.owner == contributor


def test_contributor_cannot_draft_for_another_municipality(
    client, contributor, case_index, municipality_b, theme
):
    client.force_login(contributor)
    response = client.post(
        _add_url(case_index),
        case_study_form_data(municipality=municipality_b, themes=[theme]),
    )
    assert response.status_code == 200
    assert not CaseStudyPage.objects.exists()


def test_contributor_cannot_publish_directly(
    client, contributor, case_index, municipality_a, theme
):
    client.force_login(contributor)
    client.post(
        _add_url(case_index),
        {
            **case_study_form_data(municipality=municipality_a, themes=[theme]),
            "action-publish": "action-publish",
        },
    )
    page = CaseStudyPage.objects.get()
    assert not page.live


def test_contributor_submits_and_a_moderator_approves(
    client, contributor, moderator, case_index, municipality_a, theme
):
    client.force_login(contributor)
    client.post(
        _add_url(case_index),
        {
            **case_study_form_data(municipality=municipality_a, themes=[theme]),
            "action-submit": "action-submit",
        },
    )
    page = CaseStudyPage.objects.get()
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(page.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Approbation par un modérateur"
    assert not page.live

    client.force_login(moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Merci, c'est clair."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_moderator_rejects_with_a_comment_and_the_case_stays_unpublished(
    client, contributor, moderator, case_index, municipality_a, theme
):
    client.force_login(contributor)
    client.post(
        _add_url(case_index),
        {
            **case_study_form_data(municipality=municipality_a, themes=[theme]),
            "action-submit": "action-submit",
        },
    )
    page = CaseStudyPage.objects.get()
    state = WorkflowState.objects.get(object_id=str(page.pk))
    client.force_login(moderator)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Ajoutez les indicateurs, s'il vous plaît."},
    )
    page.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert (
        state.current_task_state.comment == "Ajoutez les indicateurs, s'il vous plaît."
    )


def test_contributor_cannot_open_or_change_another_municipalitys_case(
    client, contributor, case_index, municipality_b, theme
):
    other = make_case_study(municipality=municipality_b, themes=[theme], title="Cas B")
    client.force_login(contributor)
    assert client.get(_edit_url(other)).status_code != 200
    client.post(
        _edit_url(other),
        case_study_form_data(
            municipality=municipality_b, themes=[theme], title="Piraté"
        ),
    )
    other.refresh_from_db()
    assert other.title == "Cas B"
    assert other.get_latest_revision().content["title"] == "Cas B"


def test_contributor_edits_their_municipalitys_case_as_a_new_draft(
    client, contributor, case_index, municipality_a, theme
):
    own = make_case_study(municipality=municipality_a, themes=[theme], title="Cas A")
    client.force_login(contributor)
    assert client.get(_edit_url(own)).status_code == 200
    response = client.post(
        _edit_url(own),
        case_study_form_data(
            municipality=municipality_a,
            themes=[theme],
            title="Cas A, résultats 2026",
            slug=own.slug,
        ),
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Cas A"  # the live version waits for a moderator
    assert own.get_latest_revision().content["title"] == "Cas A, résultats 2026"


def test_contributor_cannot_unpublish_or_delete_a_case(
    client, contributor, case_index, municipality_a, theme
):
    own = make_case_study(municipality=municipality_a, themes=[theme])
    client.force_login(contributor)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[own.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[own.pk]))
    own.refresh_from_db()
    assert own.live


def test_moderator_edits_and_publishes_any_municipalitys_case(
    client, moderator, case_index, municipality_b, theme
):
    other = make_case_study(municipality=municipality_b, themes=[theme], title="Cas B")
    client.force_login(moderator)
    client.post(
        _edit_url(other),
        {
            **case_study_form_data(
                municipality=municipality_b,
                themes=[theme],
                title="Cas B révisé",
                slug=other.slug,
            ),
            "action-publish": "action-publish",
        },
    )
    other.refresh_from_db()
    assert other.title == "Cas B révisé"
    assert other.live


def test_moderator_unpublishes_a_case(
    client, moderator, case_index, municipality_b, theme
):
    other = make_case_study(municipality=municipality_b, themes=[theme])
    client.force_login(moderator)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[other.pk]))
    other.refresh_from_db()
    assert not other.live


def test_explorer_lists_only_the_contributors_municipality(
    client, contributor, case_index, municipality_a, municipality_b, theme
):
    make_case_study(municipality=municipality_a, themes=[theme], title="Cas de A")
    make_case_study(municipality=municipality_b, themes=[theme], title="Cas de B")
    client.force_login(contributor)
    html = client.get(
        reverse("wagtailadmin_explore", args=[case_index.pk])
    ).content.decode()
    assert "Cas de A" in html
    assert "Cas de B" not in html


def test_member_without_contributor_role_has_no_admin_access(
    client, member, case_index
):
    client.force_login(member)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert (
        "/admin/login/" in response["Location"] or "/comptes/" in response["Location"]
    )


def test_case_edits_keep_their_revisions(
    client, moderator, case_index, municipality_b, theme
):
    page = make_case_study(
        municipality=municipality_b, themes=[theme], title="Version 1"
    )
    client.force_login(moderator)
    for title in ("Version 2", "Version 3"):
        client.post(
            _edit_url(page),
            {
                **case_study_form_data(
                    municipality=municipality_b,
                    themes=[theme],
                    title=title,
                    slug=page.slug,
                ),
                "action-publish": "action-publish",
            },
        )
    titles = [r.content["title"] for r in page.revisions.order_by("created_at")]
    assert titles == ["Version 1", "Version 2", "Version 3"]
