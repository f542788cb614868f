"""Asking for an export of a round's responses; the worker writes the file (surveys.tasks)."""

from django.db import transaction

from qualitymonth.surveys.models import ExportJob, Round
from qualitymonth.surveys.tasks import write_export


def request_export(*, actor, round: Round, format: str) -> ExportJob:
    job = ExportJob.objects.create(round=round, format=format, requested_by=actor)
    # Enqueued once the job row is committed, so the worker always finds it.
    transaction.on_commit(lambda: write_export.enqueue(job.pk))
    return job
