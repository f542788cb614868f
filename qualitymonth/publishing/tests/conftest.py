"""Fixtures for publishing: the secretariat's editors, a member unit and an outsider, posts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Membership, MembershipLevel, Role, UnitKind
from qualitymonth.publishing.models import Audience, BodyFormat, Post, PostKind, PostState

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def shanghai(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def member_unit(association, enterprise):
    Membership.objects.create(
        association=association, unit=enterprise, level=MembershipLevel.COUNCIL
    )
    return enterprise


@pytest.fixture
def member(member_unit, enterprise_reporter):
    """A reporter of a member unit: reads members-only posts, drafts for the unit."""
    return enterprise_reporter


@pytest.fixture
def outsider(db):
    """Staff of a unit that is not a member of the association."""
    unit = make_unit(kind=UnitKind.GOVERNMENT, key="baoshan-amr", name="宝山区市场监督管理局")
    return make_person("baoshan-reporter", unit=unit, role=Role.REPORTER)


def post_data(**values) -> dict:
    data = {
        "kind": PostKind.NOTICE,
        "title": "关于开展2026年质量月活动的通知",
        "body_format": BodyFormat.MARKDOWN,
        "body": "各会员单位：\n\n请按时报名。",
        "audience": Audience.PUBLIC,
        "tags": ["质量月"],
    }
    data.update(values)
    return data


def make_post(*, state=PostState.PUBLISHED, publish_at=None, **values) -> Post:
    """A post written straight to the database (the services are tested on their own)."""
    values.setdefault("kind", PostKind.NOTICE)
    values.setdefault("title", "关于开展质量月活动的通知")
    values.setdefault("body_html", "<p>各会员单位：请按时报名。</p>")
    if publish_at is None:
        publish_at = timezone.now() - datetime.timedelta(days=1)
    return Post.objects.create(state=state, publish_at=publish_at, **values)


def pdf_file(name="通知.pdf", size=None) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_file(name="cover.png") -> SimpleUploadedFile:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
