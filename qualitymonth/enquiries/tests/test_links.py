"""Links sent to citizens: from the request the client came with, else from SITE_URL."""

import json

from django.core.cache import cache

from qualitymonth.core.services import create_api_token
from qualitymonth.enquiries.models import Notice
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.tests.conftest import COMPLAINT


def test_the_open311_notice_links_to_the_host_the_client_posted_to(
    client, routing, citizen, settings
):
    cache.clear()
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["quality.example.gov.cn"]
    body = {
        "api_key": create_api_token(user=citizen, name="app")[1],
        "service_code": "standards",
        "address_string": "黄浦区",
        "description": "这项标准何时实施？",
        "email": "a@example.org",
    }
    response = client.post(
        "/open311/v2/requests.json", body, HTTP_HOST="quality.example.gov.cn", secure=True
    )
    (row,) = json.loads(response.content)
    assert "https://quality.example.gov.cn/enquiries/track/" in row["service_notice"]
    assert "127.0.0.1" not in row["service_notice"]


def test_the_sms_and_the_e_mail_link_to_site_url(
    routing, categories, districts, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://quality.example.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        (case,) = file_submission(
            kinds=["complaint"],
            category=categories["glasses"],
            data={**COMPLAINT, "district": districts["huangpu"]},
            channel="web",
        )
    texts = {notice.channel: notice.text for notice in Notice.objects.filter(case=case)}
    assert set(texts) == {"sms", "email"}
    for text in texts.values():
        assert "https://quality.example.gov.cn/enquiries/track/" in text
