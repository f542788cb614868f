"""Honours from other bodies: recorded with their proof on the web page, confirmed by the
secretariat, and only then counted per level; the proof goes to the enterprise's staff and
the secretariat alone."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role
from qualitymonth.quality import selectors_records
from qualitymonth.quality.models import Honour
from qualitymonth.quality.services.cases import confirm_honour, record_honour

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def honour(enterprise, level="city", year=2025, name="上海市质量金奖"):
    return record_honour(
        actor=None,
        enterprise=enterprise,
        name=name,
        body="上海市人民政府",
        level=level,
        year=year,
        proof=SimpleUploadedFile("证书.pdf", PDF),
    )


def levels(year=None):
    return {value: n for value, _label, n in selectors_records.honoured_enterprises_by_level(year)}


def test_an_honour_without_proof_is_refused_and_nothing_is_saved(enterprise):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        record_honour(
            actor=None,
            enterprise=enterprise,
            name="区长质量奖",
            body="黄浦区人民政府",
            level="district",
            year=2025,
            proof=None,
        )
    assert "Attach the proof" in " ".join(refused.value.message_dict["proof"])
    assert not Honour.objects.exists()


def test_an_enterprise_records_an_honour_with_its_proof_on_the_web_page(
    client, enterprise_admin, enterprise
):
    client.force_login(enterprise_admin)
    page = client.post(
        "/quality/honours/",
        {
            "enterprise": enterprise.pk,
            "name": "全国质量奖",
            "body": "中国质量协会",
            "level": "national",
            "year": 2025,
            "proof": SimpleUploadedFile("全国质量奖证书.pdf", PDF),
        },
        follow=True,
    )
    mine = page.content.decode()
    assert "荣誉已登记" in mine and "全国质量奖证书.pdf" in mine and "待确认" in mine
    recorded = Honour.objects.get()
    assert recorded.recorded_by == enterprise_admin and recorded.confirmed_at is None


def test_the_proof_goes_to_the_enterprise_and_the_secretariat(
    client, enterprise_admin, secretariat, enterprise, django_capture_on_commit_callbacks
):
    # Through the service: a test's commit comes after the request has closed its uploads.
    with django_capture_on_commit_callbacks(execute=True):
        one = honour(enterprise)
    for person in (enterprise_admin, secretariat):
        client.force_login(person)
        proof = client.get(f"/quality/honours/{one.pk}/proof/")
        assert b"".join(proof.streaming_content) == PDF
        assert "filename" in proof["Content-Disposition"]


def test_a_proof_that_is_not_a_document_is_refused_on_the_page(
    client, enterprise_admin, enterprise
):
    client.force_login(enterprise_admin)
    page = client.post(
        "/quality/honours/",
        {
            "enterprise": enterprise.pk,
            "name": "全国质量奖",
            "body": "中国质量协会",
            "level": "national",
            "year": 2025,
            "proof": SimpleUploadedFile("证书.pdf", b"not a pdf at all"),
        },
    )
    assert page.status_code == 400
    assert "不是 PDF" in page.content.decode() or "is not a PDF" in page.content.decode()
    assert not Honour.objects.exists()


def test_honours_count_per_level_only_once_the_secretariat_confirms_them(
    client, secretariat, enterprise, huangpu
):
    other = make_unit(key="dairy", name="光明乳业股份有限公司", district=huangpu)
    gold = honour(enterprise, "city")
    mayor = honour(enterprise, "district", name="黄浦区区长质量奖")
    second_city = honour(other, "city", name="上海市质量管理奖")
    assert levels() == {"national": 0, "city": 0, "district": 0}

    client.force_login(secretariat)
    queue = client.get("/quality/honours/").content.decode()
    assert queue.count('data-testid="honour-to-confirm"') == 3
    for one in (gold, mayor, second_city):
        client.post(f"/quality/honours/{one.pk}/confirm/")
    assert levels() == {"national": 0, "city": 2, "district": 1}
    assert levels(2024) == {"national": 0, "city": 0, "district": 0}
    assert selectors_records.figure_honoured_enterprises(2025) == 2  # two enterprises
    figures = client.get("/quality/figures/?year=2025").content.decode()
    assert "获市级质量奖的企业" in figures


def test_a_second_confirmation_is_refused(secretariat, enterprise):
    one = honour(enterprise)
    confirm_honour(actor=secretariat, honour=one)
    with pytest.raises(ValidationError):
        confirm_honour(actor=secretariat, honour=one)


def test_another_enterprises_staff_get_404_for_the_proof_and_cannot_confirm(
    client, enterprise, secretariat
):
    one = honour(enterprise)
    stranger = make_person("dairy-admin", unit=make_unit(key="dairy"), role=Role.UNIT_ADMIN)
    client.force_login(stranger)
    assert client.get(f"/quality/honours/{one.pk}/proof/").status_code == 404
    assert client.post(f"/quality/honours/{one.pk}/confirm/").status_code == 403
    assert "上海市质量金奖" not in client.get("/quality/honours/").content.decode()
    one.refresh_from_db()
    assert one.confirmed_at is None
