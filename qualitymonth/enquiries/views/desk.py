"""The staff desk: a unit's cases, one case's file and its handling, the routing table.

Every page asks the rules: the list shows only the user's units' cases, and another unit's
case, its files and its actions answer 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.masking import mask_id, mask_name, mask_phone
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.spreadsheets import XLSX, to_xlsx
from qualitymonth.core.versions import instance_version
from qualitymonth.enquiries import exports
from qualitymonth.enquiries import selectors_desk as selectors
from qualitymonth.enquiries.forms_desk import (
    CaseFilterForm,
    NoteForm,
    RoutingForm,
    StatusForm,
    TransferForm,
)
from qualitymonth.enquiries.selectors_clocks import near_until
from qualitymonth.enquiries.services import erasure, handling, routing
from qualitymonth.enquiries.statuses import is_open


def _filter_form(request):
    return CaseFilterForm(request.GET or None, units=selectors.units_in_scope(request.user))


@permission_required("enquiries.desk")
def case_list(request):
    today = timezone.localdate()
    form = _filter_form(request)
    cases = selectors.desk_list(request.user, form.filters(), today)
    page = Paginator(cases, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:  # lists show who filed only masked, to everyone
        case.masked_name = mask_name(case.submission.name)
        case.masked_phone = mask_phone(case.submission.phone) if case.submission.phone else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enquiries/desk/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counters": selectors.counters(request.user, today),
            "today": today,
            "near_until": near_until(today),
            "show_unit_filter": form.fields["unit"].queryset.count() > 1,
        },
    )


@permission_required("enquiries.desk")
def export(request):
    today = timezone.localdate()
    cases = selectors.desk_list(request.user, _filter_form(request).filters(), today)
    header, rows = exports.case_table(cases, today)
    response = HttpResponse(to_xlsx(header, rows, sheet=_("Cases")), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cases-{today:%Y%m%d}.xlsx"'
    return response


# --- one case -----------------------------------------------------------------------------


def _case_page(request, case, status=200, **forms):
    """The case page; `forms` are bound forms to show again with their errors."""
    user, today = request.user, timezone.localdate()
    show_personal = user.has_perm("enquiries.view_personal_data", case)
    can_handle = user.has_perm("enquiries.handle_case", case)
    templates = selectors.reply_templates(case, show_personal) if can_handle else []
    chosen = next((t for t in templates if str(t["id"]) == request.GET.get("template")), None)
    version = instance_version(case, handling.CASE_VERSION_FIELDS)
    status_form = forms.get("status_form") or StatusForm(
        case=case,
        prefix="status",
        initial={"status": chosen["status"], "text": chosen["text"], "version": version}
        if chosen
        else {"version": version},
    )
    context = {
        "case": case,
        "submission": case.submission,
        "show_personal": show_personal,
        "masked": {
            "name": mask_name(case.submission.name),
            "phone": mask_phone(case.submission.phone) if case.submission.phone else "",
            "id_number": mask_id(case.submission.id_number) if case.submission.id_number else "",
        },
        "is_open": is_open(case.status),
        "attachments": case.submission.attachments.select_related("event"),
        "clocks": selectors.clock_rows(case, today, near_until(today)),
        "events": selectors.staff_history(case),
        "notices": case.notices.all(),
        "linked": selectors.linked_cases(user, case),
        "templates": templates,
        "chosen_template": chosen,
        "status_form": status_form,
        "transfer_form": forms.get("transfer_form")
        or TransferForm(
            units=selectors.transfer_targets(case), prefix="transfer", initial={"version": version}
        ),
        "note_form": forms.get("note_form") or NoteForm(prefix="note"),
        "reply_form": forms.get("reply_form") or NoteForm(prefix="reply"),
        "can_act": can_handle,
        "can_erase": user.has_perm("enquiries.manage") and case.submission.erased_at is None,
        "erasable_from": erasure.erasable_from(case.submission),
    }
    return render(request, "enquiries/desk/case_detail.html", context, status=status)


@permission_required("enquiries.desk")
def case_detail(request, number):
    return _case_page(request, selectors.get_case_for(request.user, number))


def _act(request, number, form_name, make_form, service, success):
    """Run one action from the case page; on refusal show the page again with the input."""
    case = selectors.get_case_to_handle(request.user, number)
    form = make_form(case, request.POST)
    if save_with(request, form, lambda data: service(case, data), success) is None:
        messages.error(request, _("Nothing was changed: see the message by the field."))
        return _case_page(request, case, status=400, **{form_name: form})
    case.refresh_from_db()
    if request.user.has_perm("enquiries.view_case", case):
        return redirect("enquiries:desk_case", number=case.number)
    return redirect("enquiries:desk")  # handed to a unit the user does not belong to


@require_POST
@permission_required("enquiries.desk")
def change_status(request, number):
    return _act(
        request,
        number,
        "status_form",
        lambda case, data: StatusForm(data, case=case, prefix="status"),
        lambda case, data: handling.change_status(
            case=case,
            to=data["status"],
            reason=data["reason"],
            text=data["text"],
            actor=request.user,
            version=data["version"],
        ),
        _("The status is changed and the citizen is told."),
    )


@require_POST
@permission_required("enquiries.desk")
def transfer(request, number):
    return _act(
        request,
        number,
        "transfer_form",
        lambda case, data: TransferForm(
            data, units=selectors.transfer_targets(case), prefix="transfer"
        ),
        lambda case, data: handling.transfer(
            case=case,
            to_unit=data["unit"],
            text=data["text"],
            actor=request.user,
            version=data["version"],
        ),
        _("The case is handed over."),
    )


@require_POST
@permission_required("enquiries.desk")
def note(request, number):
    return _act(
        request,
        number,
        "note_form",
        lambda case, data: NoteForm(data, prefix="note"),
        lambda case, data: handling.add_note(
            case=case, text=data["text"], public=False, actor=request.user
        ),
        _("The internal note is added."),
    )


@require_POST
@permission_required("enquiries.desk")
def reply(request, number):
    return _act(
        request,
        number,
        "reply_form",
        lambda case, data: NoteForm(data, prefix="reply"),
        lambda case, data: handling.add_note(
            case=case, text=data["text"], public=True, actor=request.user
        ),
        _("The reply is sent to the citizen."),
    )


@require_POST
@permission_required("enquiries.desk")
def acknowledge(request, number):
    case = selectors.get_case_to_handle(request.user, number)
    handling.acknowledge(case=case, actor=request.user)
    messages.success(request, _("Marked as read: the case leaves the “needs attention” list."))
    return redirect("enquiries:desk_case", number=case.number)


@require_POST
@permission_required("enquiries.manage")
def erase(request, number):
    """On the citizen's request, after the retention period: the secretariat erases their data."""
    case = selectors.get_case_for(request.user, number)
    try:
        erasure.erase_personal_data(submission=case.submission, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The citizen's personal data is erased; the anonymised case remains.")
        )
    return redirect("enquiries:desk_case", number=case.number)


@permission_required("enquiries.desk")
def attachment(request, number, pk):
    """A file of the case, for those who may see the case; media files are never public."""
    case = selectors.get_case_for(request.user, number)
    if not request.user.has_perm("enquiries.view_personal_data", case):
        raise Http404  # the citizen's files may show who they are
    file = get_object_or_404(case.submission.attachments, pk=pk)
    try:
        handle = file.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None  # erased, or lost from storage
    inline = file.content_type.startswith("image/") or file.content_type == "application/pdf"
    response = FileResponse(
        handle,
        content_type=file.content_type,
        as_attachment=not inline,
        filename=file.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the routing table --------------------------------------------------------------------


@permission_required("enquiries.manage")
def routing_table(request):
    if request.method == "POST":
        form = RoutingForm(request.POST)
        clear = request.POST.get("action") == "clear"

        def save(data):
            where = {"category": data["category"], "district": data["district"]}
            where["version"] = data["version"]
            if clear:
                routing.clear_route(**where, actor=request.user)
            else:
                routing.set_route(**where, unit=data["unit"], actor=request.user)
            return True

        done = _("The rule is removed.") if clear else _("The rule is saved.")
        if save_with(request, form, save, done):
            return redirect("enquiries:routing")
        status = 400
    else:
        initial = request.GET.dict() if request.GET else {}
        form = RoutingForm(initial={**initial, "version": routing.routing_version()})
        status = 200
    return render(
        request,
        "enquiries/desk/routing.html",
        {"form": form, "grid": selectors.routing_grid()},
        status=status,
    )
