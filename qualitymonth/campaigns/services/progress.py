"""Progress reports: responsible units file them, the secretariat accepts or returns them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.campaigns.models import (
    Action,
    ActivityReport,
    FileKind,
    ProgressReport,
    ReportFile,
    ReportState,
)
from qualitymonth.campaigns.services.plan import recompute_rollup
from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import attachment_content_type, prepare_photo, store_on_commit


def attach_files(*, owner, photos=(), attachments=()) -> list[ReportFile]:
    """Store checked uploads on a progress report or an activity report.

    Photos are re-encoded (upright, no metadata, bounded size) with a thumbnail; every file is
    written once the transaction commits, so a refused or rolled-back report leaves none.
    """
    errors: dict[str, list] = {}
    checked = []
    for upload in photos:
        try:
            picture = prepare_photo(upload, field=_("Photos"))
        except ValidationError as error:
            errors.setdefault("photos", []).extend(error.error_list)
            continue
        checked.append((FileKind.PHOTO, upload, picture, picture.content_type))
    for upload in attachments:
        try:
            checked.append((FileKind.DOCUMENT, upload, None, attachment_content_type(upload)))
        except ValidationError as error:
            errors.setdefault("attachments", []).extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    owner_field = "activity" if isinstance(owner, ActivityReport) else "progress_report"
    stored = []
    for kind, upload, picture, content_type in checked:
        file = ReportFile(
            **{owner_field: owner},
            kind=kind,
            original_name=(picture.name_like(upload.name) if picture else upload.name)[:255],
            size=len(picture.content) if picture else upload.size,
            content_type=content_type,
        )
        if picture:
            store_on_commit(file, "file", picture.content, picture.extension)
            store_on_commit(file, "thumbnail", picture.thumbnail, picture.extension)
        else:
            store_on_commit(file, "file", upload, upload.name)
        file.save()
        stored.append(file)
    return stored


def check_progress(progress) -> None:
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})


def check_figures(figures: list[dict]) -> None:
    for figure in figures:
        if figure.get("value") is None or figure["value"] < 0:
            raise ValidationError(
                {"figures": _("%(label)s: a figure cannot be negative.") % figure}
            )


@transaction.atomic
def file_progress_report(
    *,
    actor,
    action: Action,
    unit,
    status: str,
    progress: int,
    text: str,
    figures=(),
    photos=(),
    attachments=(),
) -> ProgressReport:
    if action.children.exists():
        raise ValidationError(
            _("This action's progress comes from its sub-actions: report on those."),
            code="has_children",
        )
    check_progress(progress)
    figures = list(figures)
    check_figures(figures)
    if unit.pk != action.lead_unit_id and not action.co_units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("This unit is not responsible for this action.")})
    report = ProgressReport.objects.create(
        action=action,
        unit=unit,
        author=actor,
        status=status,
        progress=progress,
        text=text,
        figures=figures,
    )
    attach_files(owner=report, photos=photos, attachments=attachments)
    Action.objects.filter(pk=action.pk).update(last_report_at=report.created_at)
    log_action(actor=actor, action="progress_report.file", obj=report)
    return report


def record_review(model, pk, *, actor, state: str, comment: str):
    """Lock a report, make sure nobody reviewed it yet, and record the decision."""
    report = model.objects.select_for_update().get(pk=pk)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("This report has already been reviewed."), code="reviewed")
    report.state = state
    report.review_comment = comment
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.save(update_fields=["state", "review_comment", "reviewed_by", "reviewed_at"])
    return report


@transaction.atomic
def accept_progress_report(*, actor, report: ProgressReport, comment: str = "") -> ProgressReport:
    """The accepted report's status and progress become the action's."""
    report = record_review(
        ProgressReport, report.pk, actor=actor, state=ReportState.ACCEPTED, comment=comment
    )
    action = Action.objects.select_for_update().get(pk=report.action_id)
    changes = {
        "status": [action.status, report.status],
        "progress": [action.progress, report.progress],
    }
    action.status, action.progress = report.status, report.progress
    action.save(update_fields=["status", "progress", "updated_at"])
    log_action(actor=actor, action="progress_report.accept", obj=report)
    log_action(actor=actor, action="action.progress", obj=action, changes=changes)
    recompute_rollup(action.parent)
    return report


@transaction.atomic
def return_progress_report(*, actor, report: ProgressReport, comment: str) -> ProgressReport:
    """Send a report back with a comment; the action does not change."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the report is returned.")})
    report = record_review(
        ProgressReport, report.pk, actor=actor, state=ReportState.RETURNED, comment=comment
    )
    log_action(
        actor=actor, action="progress_report.return", obj=report, changes={"comment": comment}
    )
    return report
