import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from qualitymonth.env import env_bool, env_int, secret_key

ROOT = Path(__file__).resolve().parents[3]


def test_a_malformed_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG")


def test_a_malformed_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_a_short_secret_key_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key(tmp_path)


def test_a_local_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50
    assert secret_key(tmp_path) == first


def production_env(tmp_path, **extra):
    test_only = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(
        DEBUG="false",
        HTTPS="true",
        SECRET_KEY="a" * 20 + "B3$kq9#vZx!rT7@pLm2&wNc5^yHd8*eFj4",
        ALLOWED_HOSTS="quality.example.gov.cn",
        SITE_URL="https://quality.example.gov.cn",
        VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


@pytest.mark.process
def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.process
def test_database_url_chooses_postgresql(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=production_env(tmp_path, DATABASE_URL="postgres://u@db.internal:5432/qm"),
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql", result.stderr
