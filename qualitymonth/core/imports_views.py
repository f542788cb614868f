"""The page of one import: its progress while the worker runs it, then its result."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from qualitymonth.core.imports_jobs import fail_stalled, importer_of, row_errors
from qualitymonth.core.models import ImportJob, ImportStatus


@login_required
def import_job(request, pk):
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    importer = importer_of(job)
    # Another unit's import is not there at all for this person.
    if not importer.can_view(request.user, job):
        raise Http404
    # A job whose worker died would say "importing" forever: it is given up, and says so.
    if job.status == ImportStatus.RUNNING and fail_stalled(job_id=job.pk):
        job.refresh_from_db()
    template = (
        "core/_import_job.html" if request.headers.get("HX-Request") else "core/import_job.html"
    )
    context = {
        "job": job,
        "title": importer.title(job),
        "back_url": importer.back_url(job),
        "done_url": importer.done_url(job),
        "errors": row_errors(job),
    }
    return render(request, template, context)
