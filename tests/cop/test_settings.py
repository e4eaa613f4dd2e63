import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cop.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


# Variables a test run sets for itself, never present in a deployment.
TEST_ONLY_VARIABLES = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_reports_no_warnings_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY": "a-long-random-secret-" + "x7Kq9" * 10,
            "ALLOWED_HOSTS": "carrefour.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = _manage("check", env_overrides={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_env_bool_rejects_an_unclear_value(monkeypatch):
    monkeypatch.setenv("CARREFOUR_TEST_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="CARREFOUR_TEST_FLAG"):
        env_bool("CARREFOUR_TEST_FLAG")


def test_env_int_rejects_a_non_number(monkeypatch):
    monkeypatch.setenv("CARREFOUR_TEST_INT", "dix")
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("CARREFOUR_TEST_INT", 1)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("CARREFOUR_TEST_LIST", "a.example, b.example,,")
    assert env_list("CARREFOUR_TEST_LIST", []) == ["a.example", "b.example"]


def test_embedded_defaults_need_no_environment_variable():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "ELASTICSEARCH_URL", "EMAIL_HOST"}
    }
    env["DEBUG"] = "1"
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.WAGTAILSEARCH_BACKENDS['default']['BACKEND']);"
        "print(s.ELASTICSEARCH_URLS);"
        "print(s.EMAIL_BACKEND);"
        "print(s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split("\n")[:5] == [
        "django.db.backends.sqlite3",
        "wagtail.search.backends.database",
        "[]",
        "django.core.mail.backends.console.EmailBackend",
        "fr-ca America/Toronto",
    ]
