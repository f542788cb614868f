"""Imports run by the worker: the request checks the file and queues a job; the page polls it.

Each importing app subclasses `Importer` (its rows, its rules); the job names that class, so
core never imports an app. The worker checks every row outside any transaction (progress is
committed as it goes), then stores the rows and marks the job done in ONE transaction: a worker
killed after that commit leaves a done job, never an import the user cannot see.

A worker killed before that commit leaves a job "running" that nobody runs. The worker beats
(`heartbeat_at`) while it checks rows; a running job silent for longer than `STALLED_AFTER`
is given up as failed — by the worker before each import, by an upload, and when its page
is opened — so the user can upload the file again. The store claims the job row first, so a
job given up is never stored afterwards, and a slow store is never given up (PostgreSQL
waits for the row; SQLite for the one writer).

Two uploads of one file at the same moment: the database's partial unique constraint
(one queued or running job per file, owner and target, unless "Import it again" was ticked)
lets one in; the other is refused as a repeat.
"""

import datetime
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Q
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
# The worker beats at least this often (seconds) while it checks rows …
HEARTBEAT_EVERY = 30
# … and a running job silent for longer has lost its worker.
STALLED_AFTER = datetime.timedelta(minutes=10)
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

    def outcome(self, job: ImportJob, result: ImportResult) -> dict:
        """Plain values kept with the result for later pages (e.g. what `done_url` leads to)."""
        return {}

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
    # A job whose worker died is no repeat: this may well be the user's retry.
    fail_stalled()
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
        job.again = earlier is not None
        try:
            with transaction.atomic():
                job.save()
        except IntegrityError:
            # The same file, uploaded a moment ago by another request, got in first.
            earlier = earlier_import(
                importer=importer, owner=owner, target=target, checksum=checksum
            )
            if earlier is None:
                raise
            raise RepeatedFile(earlier) from None
        upload.seek(0)
        job.upload.save(job.filename.rsplit("/", 1)[-1], File(upload), save=False)
        job.save(update_fields=["upload"])
        # Enqueued once the job row is committed, so the worker always finds it.
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from qualitymonth.core.tasks import run_import

    run_import.enqueue(job_id)


class _Progress:
    """Rows checked so far, and the worker's heartbeat, committed as the check goes."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.last = 0
        self.beaten = time.monotonic()

    def __call__(self, rows: int) -> None:
        if rows - self.last >= PROGRESS_EVERY or time.monotonic() - self.beaten >= HEARTBEAT_EVERY:
            self.last = rows
            self.beat(rows_done=rows)

    def beat(self, **fields) -> None:
        self.beaten = time.monotonic()
        ImportJob.objects.filter(pk=self.job.pk).update(heartbeat_at=timezone.now(), **fields)


def stalled_jobs():
    """Running jobs that have given no sign of life for longer than STALLED_AFTER."""
    cutoff = timezone.now() - STALLED_AFTER
    return ImportJob.objects.filter(status=ImportStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def fail_stalled(*, job_id: int | None = None) -> int:
    """Mark the jobs of workers that died as failed, saying so; how many were given up."""
    jobs = stalled_jobs()
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    given_up = 0
    for job in jobs.only("pk", "language", "upload"):
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _(
                "The import was given up: the background worker running it gave no sign of "
                "life for more than %(minutes)s minutes (it was probably stopped or restarted). "
                "Nothing was imported; upload the file again."
            ) % {"minutes": int(STALLED_AFTER.total_seconds() // 60)}
        # Only if still silent: a worker that was merely slow and has just finished wins.
        if (
            stalled_jobs()
            .filter(pk=job.pk)
            .update(
                status=ImportStatus.FAILED,
                result={"file_errors": [message]},
                finished_at=timezone.now(),
            )
        ):
            given_up += 1
            _forget_upload(job)
    return given_up


def result_json(result: ImportResult, notices: list[str], outcome: dict | None = None) -> dict:
    return {
        "outcome": outcome or {},
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
    # A worker restarted after a kill finds the jobs its predecessor left running.
    fail_stalled()
    now = timezone.now()
    taken = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not taken:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    importer = importer_of(job)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            progress = _Progress(job)
            with job.upload.open("rb") as upload:
                result, prepared = importer.check(job, upload, progress)
            progress.beat()  # so the store starts with a fresh heartbeat
            with transaction.atomic():
                # Claim the job row until COMMIT; a job given up meanwhile is not stored.
                claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING)
                if not claimed.update(heartbeat_at=timezone.now()):
                    return
                if importer.ready(job, result):
                    result = importer.store(job, result, prepared)
                succeeded = importer.succeeded(job, result)
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportStatus.DONE if succeeded else ImportStatus.FAILED,
                    rows_done=max(result.rows, job.rows_total),
                    result=result_json(
                        result, importer.notices(job, result), importer.outcome(job, result)
                    ),
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
