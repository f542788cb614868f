"""Campaign fixtures: the 2020 campaign with a plan whose actions belong to known units."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import make_person, make_unit
from qualitymonth.campaigns import services
from qualitymonth.organizations.models import Role, UnitKind


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(name="photo.png", size=(32, 24)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def campaign(secretariat):
    return services.create_campaign(actor=secretariat, year=2020, theme="质量成就美好生活")


@pytest.fixture
def category(campaign):
    return campaign.categories.get(name="质量宣传")


@pytest.fixture
def baoshan(db):
    return make_unit(kind=UnitKind.DISTRICT, key="baoshan", name="宝山区", division_code="310113")


@pytest.fixture
def baoshan_bureau(baoshan):
    return make_unit(
        kind=UnitKind.GOVERNMENT, key="baoshan-amr", parent=baoshan, name="宝山区市场监管局"
    )


@pytest.fixture
def baoshan_reporter(baoshan_bureau):
    return make_person("baoshan-reporter", unit=baoshan_bureau, role=Role.REPORTER)


@pytest.fixture
def huangpu_action(secretariat, campaign, category, huangpu_bureau):
    """Action 7, led by the Huangpu bureau."""
    return services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="7",
        title="开展企业质量开放日",
        category=category,
        lead_unit=huangpu_bureau,
        due_on=datetime.date(2020, 9, 20),
    )


@pytest.fixture
def enterprise_action(secretariat, campaign, category, enterprise):
    """Action 8, led by the enterprise."""
    return services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="8",
        title="举办质量月直播",
        category=category,
        lead_unit=enterprise,
        due_on=datetime.date(2020, 9, 26),
    )


def activity_values(category, **overrides) -> dict:
    values = {
        "title": "质量开放日",
        "starts_on": datetime.date(2020, 9, 10),
        "ends_on": datetime.date(2020, 9, 10),
        "place": "南京东路",
        "organisers": "黄浦区市场监管局",
        "category": category,
        "kind": "open_day",
        "action": None,
        "participants": 100,
        "online_viewers": 0,
        "teams": 0,
        "enterprises": 1,
        "sub_activities": 0,
        "description": "",
    }
    values.update(overrides)
    return values
