"""Background work of surveys: large exports, with progress the page can show."""

import datetime
import io

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from qualitymonth.surveys import exports
from qualitymonth.surveys.models import ExportFormat, ExportJob

PROGRESS_EVERY = 2000


@task()
def write_export(job_id: int) -> None:
    """Safe to run twice: a finished job is left alone."""
    job = ExportJob.objects.select_related("round__evaluation", "round__instrument").get(pk=job_id)
    if job.finished_at is not None:
        return
    round_ = job.round
    ExportJob.objects.filter(pk=job.pk).update(total=round_.responses.count(), done=0)
    header = exports.header(round_)
    try:
        if job.format == ExportFormat.XLSX:
            content = _xlsx(job, round_, header)
        else:
            content = _sav(job, round_, header)
    except Exception as error:  # the job records why; the page shows it
        ExportJob.objects.filter(pk=job.pk).update(
            error=str(error)[:300], finished_at=timezone.now()
        )
        raise
    job.file.save(exports.export_filename(round_, job.format), ContentFile(content), save=False)
    job.finished_at = timezone.now()
    job.done = job.total = ExportJob.objects.get(pk=job.pk).total
    job.save(update_fields=["file", "finished_at", "done", "total"])


def _rows_with_progress(job, round_):
    for n, row in enumerate(exports.iter_rows(round_), start=1):
        if n % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(done=F("done") + PROGRESS_EVERY)
        yield row


def _xlsx(job, round_, header) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    # constant_memory writes row by row: a million responses never sit in memory.
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("responses")
    sheet.write_row(0, 0, header)
    # Times are Excel date-times (Shanghai wall-clock time), not text.
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for n, row in enumerate(_rows_with_progress(job, round_), start=1):
        for column, v in enumerate(row):
            if isinstance(v, datetime.datetime):
                sheet.write_datetime(n, column, v, moment)
            elif v is not None:
                sheet.write(n, column, v if isinstance(v, int | float) else str(v))
    book.close()
    return output.getvalue()


def _sav(job, round_, header) -> bytes:
    import tempfile
    from pathlib import Path

    import polars as pl
    import pyreadstat

    rows = list(_rows_with_progress(job, round_))
    frame = pl.DataFrame(
        [[None if v is None else str(v) for v in row] for row in rows],
        schema=header,
        orient="row",
    )
    # Answer columns that are all numbers become numeric variables in SPSS.
    for name in header[12:]:
        cast = frame[name].cast(pl.Float64, strict=False)
        if cast.null_count() == frame[name].null_count():
            frame = frame.with_columns(cast.alias(name))
    labels = {q.name: q.label[:250] for q in exports.export_questions(round_)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.sav"
        pyreadstat.write_sav(frame, str(path), column_labels=[labels.get(h, h) for h in header])
        return path.read_bytes()
