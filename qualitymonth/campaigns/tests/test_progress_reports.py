import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import ActionStatus, ProgressReport, ReportFile, ReportState
from qualitymonth.campaigns.tests.conftest import png
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.uploads import MAX_PHOTO_BYTES


def file_report(user, action, unit, **values):
    defaults = {"status": ActionStatus.IN_PROGRESS, "progress": 60, "text": "已举办三场开放日。"}
    return services.file_progress_report(
        actor=user, action=action, unit=unit, **{**defaults, **values}
    )


def test_an_accepted_report_updates_the_action(
    secretariat, bureau_admin, huangpu_bureau, huangpu_action
):
    report = file_report(bureau_admin, huangpu_action, huangpu_bureau, photos=[png()])
    huangpu_action.refresh_from_db()
    assert (huangpu_action.status, huangpu_action.progress) == (ActionStatus.NOT_STARTED, 0)
    assert huangpu_action.last_report_at == report.created_at

    services.accept_progress_report(actor=secretariat, report=report)

    huangpu_action.refresh_from_db()
    assert (huangpu_action.status, huangpu_action.progress) == (ActionStatus.IN_PROGRESS, 60)
    audit = AuditEntry.objects.get(action="action.progress", object_id=str(huangpu_action.pk))
    assert audit.changes == {"status": ["not_started", "in_progress"], "progress": [0, 60]}


def test_a_returned_report_does_not_change_the_action(
    secretariat, bureau_admin, huangpu_bureau, huangpu_action
):
    report = file_report(bureau_admin, huangpu_action, huangpu_bureau, progress=90)
    services.return_progress_report(actor=secretariat, report=report, comment="请补充照片。")

    huangpu_action.refresh_from_db()
    report.refresh_from_db()
    assert (huangpu_action.status, huangpu_action.progress) == (ActionStatus.NOT_STARTED, 0)
    assert (report.state, report.review_comment) == (ReportState.RETURNED, "请补充照片。")


def test_returning_without_a_comment_is_refused(
    secretariat, bureau_admin, huangpu_bureau, huangpu_action
):
    report = file_report(bureau_admin, huangpu_action, huangpu_bureau)
    with pytest.raises(ValidationError):
        services.return_progress_report(actor=secretariat, report=report, comment=" ")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_report_is_reviewed_only_once(secretariat, bureau_admin, huangpu_bureau, huangpu_action):
    report = file_report(bureau_admin, huangpu_action, huangpu_bureau)
    services.accept_progress_report(actor=secretariat, report=report)
    with pytest.raises(ValidationError):
        services.return_progress_report(actor=secretariat, report=report, comment="晚了")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_accepting_a_sub_action_report_rolls_up_to_the_parent(
    secretariat, bureau_admin, huangpu_bureau, huangpu_action, campaign, category
):
    children = [
        services.create_action(
            actor=secretariat,
            campaign=campaign,
            number=f"7.{n}",
            title=f"子任务{n}",
            category=category,
            lead_unit=huangpu_bureau,
            parent=huangpu_action,
        )
        for n in (1, 2)
    ]
    report = file_report(bureau_admin, children[0], huangpu_bureau, progress=100, status="done")
    services.accept_progress_report(actor=secretariat, report=report)
    huangpu_action.refresh_from_db()
    assert (huangpu_action.progress, huangpu_action.status) == (50, ActionStatus.IN_PROGRESS)


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_0_to_100_is_refused_in_the_form(
    client, bureau_admin, huangpu_action, huangpu_bureau, progress
):
    client.force_login(bureau_admin)
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {"unit": huangpu_bureau.pk, "status": "in_progress", "progress": progress, "text": "x"},
    )
    assert response.status_code == 200
    assert 'id="id_progress-error"' in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused_as_a_photo_and_nothing_is_stored(
    client, bureau_admin, huangpu_action, huangpu_bureau
):
    client.force_login(bureau_admin)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {
            "unit": huangpu_bureau.pk,
            "status": "in_progress",
            "progress": 50,
            "text": "进展顺利",
            "photos": [png(), fake],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "photo.jpg" in page  # the message names the file
    assert not ProgressReport.objects.exists()
    assert not ReportFile.objects.exists()


def test_an_oversized_photo_is_refused(bureau_admin, huangpu_action, huangpu_bureau):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * MAX_PHOTO_BYTES, "image/png")
    with pytest.raises(ValidationError) as error:
        file_report(bureau_admin, huangpu_action, huangpu_bureau, photos=[big])
    assert "big.png" in error.value.message_dict["photos"][0]
    assert not ProgressReport.objects.exists()


def test_a_reporter_files_a_report_with_figures_and_an_attachment_from_the_web(
    client, bureau_admin, huangpu_action, huangpu_bureau
):
    client.force_login(bureau_admin)
    pdf = SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {
            "unit": huangpu_bureau.pk,
            "status": "in_progress",
            "progress": 40,
            "text": "已完成两场",
            "figures": "参与企业: 12\n参观人次：300",
            "attachments": [pdf],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.figures == [
        {"label": "参与企业", "value": 12},
        {"label": "参观人次", "value": 300},
    ]
    assert [(f.original_name, f.content_type) for f in report.files.all()] == [
        ("方案.pdf", "application/pdf")
    ]
    page = client.get(f"/campaigns/actions/{huangpu_action.pk}/").content.decode()
    assert "参观人次: 300" in page


def test_a_negative_figure_is_refused_naming_the_line(
    client, bureau_admin, huangpu_action, huangpu_bureau
):
    client.force_login(bureau_admin)
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {
            "unit": huangpu_bureau.pk,
            "status": "in_progress",
            "progress": 40,
            "text": "x",
            "figures": "参与企业: 12\n参观人次: -3",
        },
    )
    assert response.status_code == 200
    assert 'id="id_figures-error"' in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_secretariat_accepts_a_report_from_the_web(
    client, secretariat, bureau_admin, huangpu_action, huangpu_bureau
):
    report = file_report(bureau_admin, huangpu_action, huangpu_bureau, progress=70)
    client.force_login(secretariat)
    assert "开展企业质量开放日" in client.get("/campaigns/mine/").content.decode()
    response = client.post(
        f"/campaigns/progress/{report.pk}/review/", {"decision": "accept", "comment": ""}
    )
    assert response.status_code == 302
    huangpu_action.refresh_from_db()
    assert huangpu_action.progress == 70
