"""Imports run by the worker: the request checks the file and queues a job; the page polls it.

Each importing app subclasses `Importer` (its rows, its rules); the job names that class, so
core never imports an app. The worker checks every row outside any transaction (progress is
committed as it goes), then stores the rows and marks the job done in ONE transaction: a worker
killed after that commit leaves a done job, never an import the user cannot see.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from qualitymonth.core.imports import (
    ImportResult,
    Limits,
    RowError,
    TableShape,
    file_checksum,
    scan,
)
from qualitymonth.core.models import ImportJob, ImportStatus

PROGRESS_EVERY = 250
SHOWN_ERRORS = 500
# An earlier job with these statuses makes the same file a repeat.
COUNTED = [ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.DONE]


class Importer:
    """One kind of import. Subclass it in the app; methods get the job and plain values."""

    limits = Limits()

    @classmethod
    def path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    def check_heading(self, job: ImportJob, shape: TableShape) -> list[str]:
        """Messages for a heading that cannot be imported, checked in the request."""
        return []

    def check(self, job: ImportJob, upload, progress) -> tuple[ImportResult, object]:
        """Read and check every row; nothing stored. Call `progress(rows)` as rows are checked."""
        raise NotImplementedError

    def ready(self, job: ImportJob, result: ImportResult) -> bool:
        good_rows_only = job.options.get("good_rows_only", False)
        return not result.file_errors and (not result.errors or good_rows_only)

    def store(self, job: ImportJob, result: ImportResult, prepared) -> ImportResult:
        """Store the checked rows; runs inside the transaction that marks the job done."""
        raise NotImplementedError

    def notices(self, job: ImportJob, result: ImportResult) -> list[str]:
        """What else the page says about the result (already there, skipped …)."""
        return []

    def succeeded(self, job: ImportJob, result: ImportResult) -> bool:
        return result.ok or bool(result.created)

    def can_view(self, user, job: ImportJob) -> bool:
        raise NotImplementedError

    def title(self, job: ImportJob) -> str:
        raise NotImplementedError

    def back_url(self, job: ImportJob) -> str:
        raise NotImplementedError

    def done_url(self, job: ImportJob) -> str:
        return self.back_url(job)


def importer_of(job: ImportJob) -> Importer:
    return import_string(job.handler)()


class RepeatedFile(ValidationError):
    """The same file was already imported (or is being imported) for the same owner and target."""

    def __init__(self, earlier: ImportJob):
        self.earlier = earlier
        who = earlier.created_by
        name = (who.get_full_name() or who.get_username()) if who else _("someone")
        if earlier.status == ImportStatus.DONE:
            moment = earlier.finished_at or earlier.created_at
            message = _(
                "This very file was already imported on %(when)s by %(who)s. "
                "Tick “Import it again” to import it once more."
            )
        else:
            moment = earlier.created_at
            message = _(
                "This very file is being imported since %(when)s (uploaded by %(who)s). "
                "Tick “Import it again” to import it once more."
            )
        when = date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        super().__init__(message % {"when": when, "who": name}, code="repeated")


def earlier_import(*, importer: type[Importer], owner: str, target, checksum: str):
    return (
        ImportJob.objects.filter(
            handler=importer.path(),
            owner=owner,
            target=str(target),
            checksum=checksum,
            status__in=COUNTED,
        )
        .select_related("created_by")
        .order_by("-created_at")
        .first()
    )


def start_import(
    *,
    importer: type[Importer],
    actor,
    owner: str,
    target,
    upload,
    options: dict | None = None,
    again: bool = False,
) -> ImportJob:
    """Check the file's limits and heading, refuse a repeat unless `again`, queue the job.

    Raises ValidationError (a RepeatedFile for a repeat) with messages for the page.
    """
    instance = importer()
    shape = scan(upload, instance.limits)
    checksum = file_checksum(upload)
    job = ImportJob(
        handler=importer.path(),
        owner=owner,
        target=str(target),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        filename=(getattr(upload, "name", "") or "table")[-255:],
        checksum=checksum,
        options=options or {},
        rows_total=shape.rows,
    )
    problems = instance.check_heading(job, shape)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        earlier = earlier_import(importer=importer, owner=owner, target=target, checksum=checksum)
        if earlier is not None and not again:
            raise RepeatedFile(earlier)
        upload.seek(0)
        job.upload.save(job.filename.rsplit("/", 1)[-1], File(upload), save=False)
        job.save()
        # Enqueued once the job row is committed, so the worker always finds it.
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from qualitymonth.core.tasks import run_import

    run_import.enqueue(job_id)


class _Progress:
    def __init__(self, job: ImportJob):
        self.job = job
        self.last = 0

    def __call__(self, rows: int) -> None:
        if rows - self.last >= PROGRESS_EVERY:
            self.last = rows
            ImportJob.objects.filter(pk=self.job.pk).update(rows_done=rows)


def result_json(result: ImportResult, notices: list[str]) -> dict:
    return {
        "rows": result.rows,
        "created": len(result.created),
        "bad_rows": result.bad_rows,
        "file_errors": [str(message) for message in result.file_errors],
        "errors": [
            {"row": e.row, "column": str(e.column), "message": str(e.message)}
            for e in result.errors[:SHOWN_ERRORS]
        ],
        "more_errors": max(len(result.errors) - SHOWN_ERRORS, 0),
        "notices": [str(notice) for notice in notices],
    }


def row_errors(job: ImportJob) -> list[RowError]:
    return [RowError(**error) for error in job.result.get("errors", [])]


def run(job_id: int) -> None:
    """The worker's part; safe to run twice (a job already taken is left alone)."""
    taken = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    importer = importer_of(job)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with job.upload.open("rb") as upload:
                result, prepared = importer.check(job, upload, _Progress(job))
            with transaction.atomic():
                if importer.ready(job, result):
                    result = importer.store(job, result, prepared)
                succeeded = importer.succeeded(job, result)
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportStatus.DONE if succeeded else ImportStatus.FAILED,
                    rows_done=max(result.rows, job.rows_total),
                    result=result_json(result, importer.notices(job, result)),
                    finished_at=timezone.now(),
                )
        except Exception:  # the page says so; the worker's log has the cause
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.FAILED,
                result={
                    "file_errors": [_("The import stopped on an error; nothing was imported.")]
                },
                finished_at=timezone.now(),
            )
            raise
        finally:
            _forget_upload(job)


def _forget_upload(job: ImportJob) -> None:
    """The rows are stored (or refused); the file itself is not kept, only its checksum."""
    if job.upload:
        job.upload.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(upload="")
