import pytest
from django.core.management import CommandError, call_command

from cop.accounts.models import User
from cop.core.management.commands.load_demo_content import (
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

    response = client.post(
        "/admin/login/",
        {"username": DEMO_MODERATOR_EMAIL, "password": DEMO_MODERATOR_PASSWORD},
    )
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user.email == DEMO_MODERATOR_EMAIL


def test_wagtail_admin_refuses_a_wrong_password(client, site_root, settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    response = client.post(
        "/admin/login/", {"username": DEMO_MODERATOR_EMAIL, "password": "mauvais"}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
