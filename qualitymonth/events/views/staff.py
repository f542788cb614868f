"""Pages for the people running an event: attendees, approvals, check-in, figures, exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.campaigns import selectors as campaign_selectors
from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.spreadsheets import XLSX, to_csv, to_xlsx
from qualitymonth.core.versions import instance_version
from qualitymonth.events import exports, selectors, services
from qualitymonth.events.forms import (
    CheckInForm,
    GroupRegistrationForm,
    InvitationForm,
    ViewersForm,
)
from qualitymonth.events.models import Registration, RegistrationStatus
from qualitymonth.events.views.public import site_url
from qualitymonth.organizations.models import Unit


@permission_required("events.register_group")
def events_i_run(request):
    return render(
        request,
        "events/staff_list.html",
        {"events": selectors.events_run_by(request.user).order_by("-starts_at")[:200]},
    )


def manage(request, pk):
    event = selectors.get_event_to_run(request.user, pk)
    status = request.GET.get("status", "")
    if status not in RegistrationStatus.values:
        status = ""
    page = Paginator(selectors.attendees(event, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "figures": selectors.figures_of(event),
            "page": page,
            "status": status,
            "query": f"status={status}" if status else "",
            "statuses": RegistrationStatus.choices,
            "show_phones": request.user.has_perm("events.see_phones", event),
            "questions": event.questions.all(),
            "viewers_form": ViewersForm(
                initial={
                    "online_viewers": event.online_viewers,
                    "version": instance_version(event, ["online_viewers"]),
                }
            ),
            "invitation_form": InvitationForm(units=Unit.objects.filter(is_active=True)),
            "invitations": event.invitations.select_related("unit"),
            "report": event.activity_report,
        },
    )


@require_POST
def decide(request, pk, registration_pk, decision):
    event = selectors.get_event_to_run(request.user, pk)
    registration = get_object_or_404(
        Registration, pk=selectors.id_or_none(registration_pk), event=event
    )
    service = {
        "approve": services.approve_registration,
        "decline": services.decline_registration,
        "cancel": services.cancel_registration,
    }.get(decision)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, registration=registration, site_url=site_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s: done.") % {"name": registration.name})
    return redirect("events:manage", pk=event.pk)


@require_POST
def viewers(request, pk):
    event = selectors.get_event_to_run(request.user, pk)
    form = ViewersForm(request.POST)
    if (
        save_with(
            request,
            form,
            lambda data: services.set_online_viewers(
                actor=request.user,
                event=event,
                viewers=data["online_viewers"],
                version=data["version"],
            ),
            _("The number of online viewers was saved."),
        )
        is None
    ):
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("events:manage", pk=event.pk)


@require_POST
def report(request, pk):
    event = selectors.get_event_to_run(request.user, pk)
    try:
        services.report_to_campaign(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The event's figures were sent to the secretariat as an activity report.")
        )
    return redirect("events:manage", pk=event.pk)


@require_POST
def invite(request, pk):
    event = selectors.get_event_to_run(request.user, pk)
    form = InvitationForm(request.POST, units=Unit.objects.filter(is_active=True))
    if form.is_valid():
        services.create_invitation(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("The invitation link is ready to send."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("events:manage", pk=event.pk)


def check_in(request, pk):
    """The door: scan with the phone's camera, or type the code, a phone number or a name;
    htmx swaps in the verdict, or a choice when several people match."""
    event = selectors.get_event_to_run(request.user, pk)
    form = CheckInForm(request.POST or None, event=event)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = _admit(request, event, data["code"], data.get("checkpoint"))
        form = CheckInForm(
            initial={"checkpoint": data.get("checkpoint")}, event=event
        )  # empty, ready for the next ticket
    context = {
        "event": event,
        "form": form,
        "result": result,
        "figures": selectors.figures_of(event),
        "show_phones": request.user.has_perm("events.see_phones", event),
    }
    if request.headers.get("HX-Request"):
        return render(request, "events/_check_in_result.html", context)
    return render(request, "events/check_in.html", context)


def _admit(request, event, text: str, checkpoint_pk) -> dict:
    matches = selectors.door_matches(event, text)
    if len(matches) > 1:
        return {
            "ok": False,
            "choices": matches,
            "checkpoint": checkpoint_pk,
            "message": _("Several people match “%(text)s”: choose one.") % {"text": text},
        }
    if not matches:
        return {
            "ok": False,
            "message": _("Nobody registered for this event matches “%(text)s”.") % {"text": text},
        }
    code = matches[0].ticket_code
    try:
        if checkpoint_pk:
            checkpoint = get_object_or_404(event.checkpoints, pk=checkpoint_pk)
            visit = services.visit_checkpoint(
                actor=request.user, checkpoint=checkpoint, ticket_code=code
            )
            return {"ok": True, "registration": visit.registration, "at": checkpoint}
        registration = services.check_in(actor=request.user, event=event, ticket_code=code)
        return {"ok": True, "registration": registration}
    except ValidationError as error:
        return {"ok": False, "message": " ".join(error.messages)}


def attendees_export(request, pk, fmt):
    event = selectors.get_event_to_run(request.user, pk)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    header, rows = exports.attendee_table(
        event,
        selectors.attendees(event),
        show_phones=request.user.has_perm("events.see_phones", event),
    )
    if fmt == "xlsx":
        content, content_type = to_xlsx(header, rows, sheet=_("Attendees")), XLSX
    else:
        content, content_type = to_csv(header, rows), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.pk}.{fmt}"'
    return response


@permission_required("events.register_group")
def register_group(request, pk):
    """A member unit registers several of its people; they appear under the unit's tickets."""
    event = selectors.get_public_event(pk)
    units = campaign_selectors.reporting_units(request.user)
    form = GroupRegistrationForm(request.POST or None, units=units, event=event)

    def register(data):
        if not request.user.has_perm("events.register_group_for", data["unit"]):
            raise PermissionDenied
        invitation = event.invitations.filter(unit=data["unit"]).first()
        return services.register_group(
            actor=request.user,
            event=event,
            unit=data["unit"],
            people=data["people"],
            venue=data.get("venue"),
            invitation=invitation,
        )

    registrations = save_with(request, form, register, _("Your people are registered."))
    if registrations is not None:
        return redirect("events:register_group", pk=event.pk)
    return render(
        request,
        "events/register_group.html",
        {
            "event": event,
            "form": form,
            "registrations": selectors.registrations_of(request.user).filter(
                event=event, unit__isnull=False
            ),
        },
    )
