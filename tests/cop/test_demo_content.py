import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Revision

from casestudies.models import CaseStudyPage
from cop.accounts.models import User
from cop.core.management.commands.load_demo_content import (
    DEMO_CASE_STUDIES,
    DEMO_MODERATOR_EMAIL,
    DEMO_MODERATOR_PASSWORD,
)


def test_load_demo_content_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo_content")
    assert not User.objects.filter(email=DEMO_MODERATOR_EMAIL).exists()


def test_demo_moderator_signs_in_to_the_wagtail_admin(
    client, site_root, settings, capsys
):
    settings.DEBUG = True
    call_command("load_demo_content")
    call_command("load_demo_content")  # idempotent
    out = capsys.readouterr().out
    assert DEMO_MODERATOR_PASSWORD in out
    assert User.objects.filter(email=DEMO_MODERATOR_EMAIL).count() == 1

    # The admin sends people to the site's one sign-in form.
    login = client.get("/admin/", follow=True)
    assert login.redirect_chain[-1][0].startswith(reverse("account_login"))
    response = client.post(
        reverse("account_login"),
        {"login": DEMO_MODERATOR_EMAIL, "password": DEMO_MODERATOR_PASSWORD},
    )
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user.email == DEMO_MODERATOR_EMAIL


def test_wagtail_admin_refuses_a_wrong_password(client, site_root, settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    response = client.post(
        reverse("account_login"),
        {"login": DEMO_MODERATOR_EMAIL, "password": "mauvais"},
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def _demo_external_ids() -> set[str]:
    with DEMO_CASE_STUDIES.open(encoding="utf-8") as handle:
        return {json.loads(line)["external_id"] for line in handle if line.strip()}


def test_load_demo_content_imports_every_demo_case_study_once(
    site_root, settings, capsys
):
    settings.DEBUG = True
    expected = _demo_external_ids()

    call_command("load_demo_content")
    first = capsys.readouterr().out
    pages = CaseStudyPage.objects.live()
    assert set(pages.values_list("external_id", flat=True)) == expected
    assert f"{len(expected)} créées, 0 mises à jour" in first

    revisions = Revision.objects.count()
    call_command("load_demo_content")
    second = capsys.readouterr().out
    assert f"0 créées, 0 mises à jour, {len(expected)} inchangées" in second
    assert CaseStudyPage.objects.count() == len(expected)
    assert Revision.objects.count() == revisions


def test_demo_contributor_drafts_for_drummondville(client, site_root, settings):
    from casestudies.models import CaseStudyIndexPage
    from cop.core.management.commands.load_demo_content import (
        DEMO_CONTRIBUTOR_EMAIL,
    )

    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    response = client.post(
        reverse("account_login"),
        {"login": DEMO_CONTRIBUTOR_EMAIL, "password": DEMO_MODERATOR_PASSWORD},
    )
    assert response.status_code == 302
    index = CaseStudyIndexPage.objects.get()
    form = client.get(f"/admin/pages/add/casestudies/casestudypage/{index.pk}/")
    assert form.status_code == 200
    options = form.context["form"].fields["municipality"].queryset
    assert [m.name for m in options] == ["Drummondville"]
