"""Absolute links: from the request when there is one, else SITE_URL; and the deploy check
that warns while SITE_URL still points at this machine."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from qualitymonth.core.checks import site_url_check
from qualitymonth.core.links import absolute_url
from qualitymonth.core.tests.test_settings_env import ROOT, production_env
from qualitymonth.env import env_url


def test_a_link_made_during_a_request_uses_the_address_the_reader_came_by(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["quality.example.gov.cn"]
    request = RequestFactory().get("/", HTTP_HOST="quality.example.gov.cn", secure=True)
    assert (
        absolute_url("/awards/verify/QM-1/", request)
        == "https://quality.example.gov.cn/awards/verify/QM-1/"
    )


def test_a_link_made_without_a_request_starts_with_site_url(settings):
    settings.SITE_URL = "https://quality.example.gov.cn"
    assert absolute_url("/enquiries/track/") == "https://quality.example.gov.cn/enquiries/track/"


def test_site_url_loses_its_trailing_slash_and_a_malformed_one_is_refused(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://quality.example.gov.cn/")
    assert env_url("SITE_URL", "x") == "https://quality.example.gov.cn"
    monkeypatch.setenv("SITE_URL", "quality.example.gov.cn")
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_url("SITE_URL", "x")
    monkeypatch.setenv("SITE_URL", "")
    assert env_url("SITE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost", "http://[::1]:8000", "http://0.0.0.0"]
)
def test_the_deploy_check_warns_while_site_url_points_at_this_machine(settings, url):
    settings.DEBUG, settings.SITE_URL = False, url
    (warning,) = site_url_check(None)
    assert warning.id == "qualitymonth.W001"
    assert url in warning.msg and "SITE_URL" in warning.hint


def test_the_deploy_check_is_quiet_with_a_real_address_or_while_debugging(settings):
    settings.DEBUG, settings.SITE_URL = False, "https://quality.example.gov.cn"
    assert site_url_check(None) == []
    settings.DEBUG, settings.SITE_URL = True, "http://127.0.0.1:8000"
    assert site_url_check(None) == []


def test_manage_py_check_deploy_names_an_unset_site_url(tmp_path):
    env = production_env(tmp_path)
    env.pop("SITE_URL")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "qualitymonth.W001" in result.stderr + result.stdout
    assert "SITE_URL is 'http://127.0.0.1:8000'" in result.stderr + result.stdout
