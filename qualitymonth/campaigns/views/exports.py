"""Downloads: actions and activities as XLSX/CSV, the import template, the digest as DOCX/PDF."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from qualitymonth.campaigns import documents, exports, selectors
from qualitymonth.campaigns.models import ActivityKind
from qualitymonth.campaigns.services.imports import COLUMNS
from qualitymonth.campaigns.views.public import activity_filters
from qualitymonth.core.permissions import permission_required

CONTENT_TYPES = {"xlsx": exports.XLSX, "csv": "text/csv; charset=utf-8"}


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table(header, rows, fmt: str, filename: str, sheet: str, notes=None) -> HttpResponse:
    if fmt == "xlsx":
        content = exports.to_xlsx(header, rows, sheet=sheet, notes=notes)
    elif fmt == "csv":
        content = exports.to_csv(header, rows)
    else:
        raise Http404
    return _download(content, CONTENT_TYPES[fmt], f"{filename}.{fmt}")


def actions_export(request, year, fmt):
    campaign = selectors.get_campaign(request.user, year)
    header, rows = exports.action_table(selectors.plan_of(campaign))
    return _table(header, rows, fmt, f"actions-{campaign.year}", str(_("Actions")))


def activities_export(request, year, fmt):
    campaign = selectors.get_campaign(request.user, year)
    _form, filters = activity_filters(request, campaign)
    header, rows = exports.activity_table(selectors.public_activities(campaign, filters))
    return _table(header, rows, fmt, f"activities-{campaign.year}", str(_("Activities")))


@permission_required("campaigns.file_activity")
def import_template(request, year, fmt):
    campaign = selectors.get_campaign(request.user, year)
    header = [str(heading) for _, heading in COLUMNS]
    example = [
        _("Quality open day at a member enterprise"),
        campaign.starts_on,
        campaign.starts_on,
        _("Shanghai"),
        "",
        campaign.categories.first().display_name if campaign.categories.exists() else "",
        str(ActivityKind.OPEN_DAY.label),
        "",
        120,
        0,
        0,
        1,
        0,
        "",
    ]
    notes = [
        (_("Category"), [category.display_name for category in campaign.categories.all()]),
        (_("Kind"), [str(label) for label in ActivityKind.labels]),
        (_("Plan action number"), [action.number for action in campaign.actions.all()]),
    ]
    return _table(
        header, [example], fmt, f"activities-template-{campaign.year}", str(_("Activities")), notes
    )


def digest_document(request, year, fmt):
    campaign = selectors.get_campaign(request.user, year)
    context = {"campaign": campaign, "digest": selectors.digest_of(campaign), "request": request}
    if fmt == "docx":
        return _download(documents.digest_docx(context), documents.DOCX, f"digest-{year}.docx")
    if fmt != "pdf":
        raise Http404
    try:
        content = documents.digest_pdf(context)
    except documents.NoChineseFont:
        messages.error(
            request,
            _("The PDF cannot be made: this server has no Chinese font. Install fonts-noto-cjk."),
        )
        return redirect("campaigns:digest", year=year)
    return _download(content, "application/pdf", f"digest-{year}.pdf")
