"""The secretariat sets up evaluations and rounds on the platform's own pages, not the admin."""

from qualitymonth.core.models import AuditEntry
from qualitymonth.surveys.models import (
    Evaluation,
    IndicatorSystem,
    InstrumentKind,
    Round,
    RoundStatus,
    UnitOfAnalysis,
)
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.tests.conftest import xlsform_upload


def uploaded_instrument(evaluation, actor, title="窗口检查表"):
    return create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title=title,
        upload=xlsform_upload(),
        actor=actor,
    )


def test_the_manage_page_links_to_the_set_up_pages_not_the_admin(client, system, secretariat):
    client.force_login(secretariat)
    page = client.get("/surveys/manage/").content.decode()
    main = page.split("<main", 1)[1]
    assert "/admin/" not in main
    assert 'href="/surveys/manage/evaluations/new/"' in page
    assert f'href="/surveys/manage/e/{system.evaluation.key}/rounds/new/"' in page
    assert f'href="/surveys/manage/systems/{system.pk}/"' in page


def test_the_secretariat_creates_an_evaluation_with_an_empty_system(client, secretariat):
    client.force_login(secretariat)
    reply = client.post(
        "/surveys/manage/evaluations/new/",
        {"name": "营商环境满意度", "name_en": "Business climate", "unit_of_analysis": "response"},
        follow=True,
    )
    evaluation = Evaluation.objects.get(name="营商环境满意度")
    assert evaluation.key == "business-climate"
    assert evaluation.unit_of_analysis == UnitOfAnalysis.RESPONSE
    assert list(evaluation.systems.values_list("version", flat=True)) == [1]
    assert "营商环境满意度" in reply.content.decode()
    assert AuditEntry.objects.filter(action="surveys.evaluation.create").exists()


def test_a_new_evaluation_may_start_from_a_copy_of_another_system(client, system, secretariat):
    client.force_login(secretariat)
    client.post(
        "/surveys/manage/evaluations/new/",
        {"name": "文明指数（郊区）", "unit_of_analysis": "site", "system": system.pk},
    )
    copy = IndicatorSystem.objects.get(evaluation__name="文明指数（郊区）")
    assert sorted(copy.nodes.values_list("code", flat=True)) == [
        "A",
        "B",
        "C",
        "D1",
        "D2",
        "I1",
        "I2",
    ]
    assert copy.nodes.get(code="A").parent.code == "I1"


def test_a_taken_key_is_refused_on_its_field_in_chinese(client, evaluation, secretariat):
    client.force_login(secretariat)
    reply = client.post(
        "/surveys/manage/evaluations/new/",
        {"name": "另一个测评", "unit_of_analysis": "site", "key": evaluation.key},
    )
    assert reply.status_code == 400
    assert "已有其他测评项目使用这个标识" in reply.content.decode()
    assert Evaluation.objects.count() == 1


def test_the_secretariat_creates_a_round_with_an_uploaded_instrument_and_inspectors(
    client, system, secretariat, inspector
):
    instrument = uploaded_instrument(system.evaluation, secretariat)
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/e/{system.evaluation.key}/rounds/new/",
        {
            "year": 2027,
            "system": system.pk,
            "instrument": instrument.pk,
            "collection_starts": "2027-09-01",
            "collection_ends": "2027-09-30",
            "public_link": "on",
            "inspectors": [inspector.pk],
            "pls_scaled": "on",
        },
        follow=True,
    )
    round_ = Round.objects.get(evaluation=system.evaluation, year=2027)
    assert round_.status == RoundStatus.DRAFT
    assert round_.instrument == instrument
    assert round_.public_link is not None
    assert list(round_.inspectors.all()) == [inspector]
    page = reply.content.decode()
    assert "2027-09-01 – 2027-09-30" in page and inspector.username in page
    assert AuditEntry.objects.filter(action="surveys.round.create").exists()


def test_a_round_ending_before_it_starts_is_refused_in_chinese(client, system, secretariat):
    instrument = uploaded_instrument(system.evaluation, secretariat)
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/e/{system.evaluation.key}/rounds/new/",
        {
            "year": 2027,
            "system": system.pk,
            "instrument": instrument.pk,
            "collection_starts": "2027-09-30",
            "collection_ends": "2027-09-01",
        },
    )
    assert reply.status_code == 400
    assert "采集结束日期不能早于开始日期" in reply.content.decode()
    assert not Round.objects.filter(year=2027).exists()


def test_a_second_round_for_the_same_year_is_refused_on_the_year(client, survey_round, secretariat):
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/e/{survey_round.evaluation.key}/rounds/new/",
        {"year": 2026, "system": survey_round.system_id, "instrument": survey_round.instrument_id},
    )
    assert reply.status_code == 400
    assert "该测评项目在该年度已有测评批次" in reply.content.decode()


def test_the_instrument_changes_while_the_round_has_no_answers(client, survey_round, secretariat):
    other = uploaded_instrument(survey_round.evaluation, secretariat, title="新版检查表")
    client.force_login(secretariat)
    client.post(
        f"/surveys/manage/rounds/{survey_round.pk}/edit/",
        {"system": survey_round.system_id, "instrument": other.pk},
    )
    survey_round.refresh_from_db()
    assert survey_round.instrument == other
    entry = AuditEntry.objects.get(action="surveys.round.update")
    assert entry.changes["instrument"][1] == other.pk


def test_the_instrument_stays_once_the_round_has_answers(client, answered, secretariat):
    before = answered.instrument
    other = uploaded_instrument(answered.evaluation, secretariat, title="新版检查表")
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/rounds/{answered.pk}/edit/",
        {"system": answered.system_id, "instrument": other.pk},
    )
    assert reply.status_code == 400
    assert "已有答卷，不能再更换测评工具" in reply.content.decode()
    answered.refresh_from_db()
    assert answered.instrument == before


def test_opening_collection_lets_the_assigned_inspector_answer(
    client, survey_round, secretariat, inspector
):
    Round.objects.filter(pk=survey_round.pk).update(status=RoundStatus.DRAFT)
    not_collecting = "本批次测评当前不接受作答"
    client.force_login(inspector)
    page = client.get(f"/surveys/rounds/{survey_round.pk}/collect/").content.decode()
    assert not_collecting in page
    client.force_login(secretariat)
    reply = client.post(f"/surveys/manage/rounds/{survey_round.pk}/open/", follow=True)
    assert "已开始采集" in reply.content.decode()
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.COLLECTING
    client.force_login(inspector)
    page = client.get(f"/surveys/rounds/{survey_round.pk}/collect/").content.decode()
    assert not_collecting not in page and "整洁程度" in page


def test_closing_collection_asks_first_and_keeps_the_answers(client, answered, secretariat, sites):
    client.force_login(secretariat)
    page = client.get(f"/surveys/manage/rounds/{answered.pk}/").content.decode()
    close_form = page.split(f'action="/surveys/manage/rounds/{answered.pk}/close/"', 1)[1]
    assert close_form.split(">", 1)[0].strip().startswith('data-confirm="')
    client.post(f"/surveys/manage/rounds/{answered.pk}/close/")
    answered.refresh_from_db()
    assert answered.status == RoundStatus.CLOSED
    assert answered.responses.count() == 4
    assert AuditEntry.objects.filter(action="surveys.round.close").exists()


def test_only_the_secretariat_may_set_up_rounds(client, survey_round, inspector, bureau_admin):
    for person in (inspector, bureau_admin):
        client.force_login(person)
        assert client.get("/surveys/manage/evaluations/new/").status_code == 403
        assert client.post(f"/surveys/manage/rounds/{survey_round.pk}/close/").status_code == 403
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.COLLECTING
    assert not Evaluation.objects.exclude(pk=survey_round.evaluation_id).exists()


def test_saving_the_set_up_keeps_an_assigned_person_who_is_no_longer_an_inspector(
    client, survey_round, secretariat, inspector
):
    inspector.positions.all().delete()
    client.force_login(secretariat)
    page = client.get(f"/surveys/manage/rounds/{survey_round.pk}/edit/").content.decode()
    assert inspector.username in page
    client.post(
        f"/surveys/manage/rounds/{survey_round.pk}/edit/",
        {
            "system": survey_round.system_id,
            "instrument": survey_round.instrument_id,
            "inspectors": [inspector.pk],
            "public_link": "on",
        },
    )
    survey_round.refresh_from_db()
    assert survey_round.public_link is not None  # the set-up was saved
    assert list(survey_round.inspectors.all()) == [inspector]
