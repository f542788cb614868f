"""培训班 pages: the list, a class and enrolment, and the trainer's roster and attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core import certificates
from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.permissions import permission_required
from qualitymonth.training import selectors_classes as selectors
from qualitymonth.training.models import EnrolmentStatus
from qualitymonth.training.services import classes as services
from qualitymonth.training.services.checkin import check_in_to_session


# Published classes (training's tables) with their places taken, which are the statuses of
# their events' registrations (events' tables). Nothing on it changes with the clock.
@anonymous_page("training", "events")
def class_list(request):
    return render(request, "training/class_list.html", {"classes": selectors.public_classes()})


def class_detail(request, key):
    training_class = selectors.get_class(key)
    enrolment = selectors.enrolment_in(request.user, training_class)
    context = {
        "training_class": training_class,
        "sessions": training_class.sessions.all(),
        "enrolment": enrolment,
        "taken": selectors.places_taken(training_class),
    }
    if request.user.is_authenticated and training_class.has_member_fee:
        context["your_fee"] = training_class.fee_for(request.user)
    if enrolment is not None and enrolment.status == EnrolmentStatus.WAITING:
        context["place_in_line"] = selectors.place_in_line(enrolment)
    elif enrolment is not None and enrolment.status == EnrolmentStatus.CONFIRMED:
        # segno's SVG of the enrolment's own random code: nothing of the user's in it.
        context["qr"] = mark_safe(certificates.qr_svg(enrolment.code))
        context["missing"] = services.missing_for_class(enrolment)
        context["rate"] = services.attendance_rate(enrolment)
    return render(request, "training/class_detail.html", context)


@login_required
@require_POST
def class_enrol(request, key):
    training_class = selectors.get_class(key)
    try:
        enrolment = services.enrol_in_class(user=request.user, training_class=training_class)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment.status == EnrolmentStatus.WAITING:
            messages.warning(
                request,
                _(
                    "The class is full: you are on the waiting list and get a place "
                    "as soon as someone cancels."
                ),
            )
        elif enrolment.status == EnrolmentStatus.PENDING:
            messages.info(
                request,
                _("Your place is held until the secretariat approves your enrolment."),
            )
        else:
            messages.success(request, _("You are enrolled in the class."))
    return redirect(training_class)


@login_required
@require_POST
def cancel_enrolment(request, pk):
    enrolment = selectors.get_enrolment_to_cancel(request.user, pk)
    try:
        services.cancel_enrolment(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(person)s's enrolment is cancelled.") % {"person": enrolment.user}
        )
    if enrolment.user_id != request.user.pk and enrolment.unit_id:
        return redirect(
            f"{reverse('training:enrol_staff', args=[enrolment.training_class.key])}"
            f"?unit={enrolment.unit_id}"
        )
    return redirect(enrolment.training_class)


def _decide_enrolment(request, pk, decide, done: str):
    """Approve or decline one enrolment awaiting the secretariat, back to the roster."""
    enrolment = selectors.get_enrolment(pk)
    try:
        decide(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"person": enrolment.user})
    return redirect("training:roster", enrolment.training_class.key)


@permission_required("training.approve_class_enrolment")
@require_POST
def approve_enrolment(request, pk):
    return _decide_enrolment(
        request, pk, services.approve_enrolment, _("%(person)s's enrolment is approved.")
    )


@permission_required("training.approve_class_enrolment")
@require_POST
def decline_enrolment(request, pk):
    return _decide_enrolment(
        request, pk, services.decline_enrolment, _("%(person)s's enrolment is declined.")
    )


@permission_required("training.enrol_staff")
def enrol_staff(request, key):
    """A unit's administrator enrols several of its people at once."""
    training_class = selectors.get_class(key)
    units = list(selectors.units_enrolling(request.user))
    wanted = request.POST.get("unit") or request.GET.get("unit")
    unit = next((u for u in units if str(u.pk) == wanted), units[0] if units else None)
    if unit is None:
        raise Http404
    staff = selectors.staff_of(unit)
    if request.method == "POST":
        chosen = set(request.POST.getlist("people"))
        people = [user for user in staff if str(user.pk) in chosen]
        outsiders = chosen - {str(user.pk) for user in staff}
        try:
            if outsiders:
                raise ValidationError(_("Someone chosen is not staff of this unit."))
            result = services.enrol_staff(
                actor=request.user, training_class=training_class, unit=unit, people=people
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            _report(request, result)
            return redirect(
                f"{reverse('training:enrol_staff', args=[training_class.key])}?unit={unit.pk}"
            )
    enrolled = list(selectors.enrolments_of_unit(training_class, unit))
    taken = {e.user_id for e in enrolled}
    return render(
        request,
        "training/enrol_staff.html",
        {
            "training_class": training_class,
            "units": units,
            "unit": unit,
            "staff": [user for user in staff if user.pk not in taken],
            "enrolled": enrolled,
            "taken": selectors.places_taken(training_class),
        },
    )


def _report(request, result: dict) -> None:
    def names(users):
        return "、".join(str(user) for user in users)

    if result["confirmed"]:
        messages.success(
            request,
            _("Enrolled with a place: %(people)s.") % {"people": names(result["confirmed"])},
        )
    if result["waiting"]:
        messages.warning(
            request,
            _("The class is full; on the waiting list: %(people)s.")
            % {"people": names(result["waiting"])},
        )
    if result.get("pending"):
        messages.info(
            request,
            _("Awaiting the secretariat's approval: %(people)s.")
            % {"people": names(result["pending"])},
        )
    if result["already"]:
        messages.info(
            request, _("Already enrolled: %(people)s.") % {"people": names(result["already"])}
        )


@permission_required("training.run_some_class")
def classes_i_run(request):
    return render(
        request, "training/classes_i_run.html", {"classes": selectors.classes_run_by(request.user)}
    )


@login_required
def roster(request, key):
    training_class = selectors.get_class_run_by(request.user, key)
    return render(
        request,
        "training/roster.html",
        {
            "training_class": training_class,
            "sessions": training_class.sessions.all(),
            "enrolments": selectors.roster(training_class),
            "waiting": selectors.waiting_list(training_class),
            "pending": selectors.awaiting_approval(training_class),
            "students": selectors.students_in(training_class),
        },
    )


@login_required
def attendance(request, key, pk):
    training_class = selectors.get_class_run_by(request.user, key)
    session = get_object_or_404(training_class.sessions, pk=pk)
    if request.method == "POST":
        try:
            present = {int(value) for value in request.POST.getlist("present")}
            services.record_attendance(
                actor=request.user, session=session, present_enrolment_ids=present
            )
        except (ValueError, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
            messages.error(request, text or _("The attendance list could not be read."))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("training:roster", training_class.key)
    return render(
        request,
        "training/attendance.html",
        {
            "training_class": training_class,
            "session": session,
            "enrolments": selectors.confirmed_in(training_class).select_related("user", "unit"),
            "present": selectors.present_at(session),
        },
    )


@login_required
def session_check_in(request, key, pk):
    """The trainer's door: scan the trainee's QR code with the phone's camera or type the
    code; htmx swaps in the verdict, ready for the next one."""
    training_class = selectors.get_class_run_by(request.user, key)
    session = get_object_or_404(training_class.sessions, pk=pk)
    result = None
    if request.method == "POST":
        try:
            enrolment = check_in_to_session(
                actor=request.user, session=session, scanned=request.POST.get("code", "")
            )
        except ValidationError as error:
            result = {"ok": False, "message": " ".join(error.messages)}
        else:
            result = {"ok": True, "enrolment": enrolment}
    context = {
        "training_class": training_class,
        "session": session,
        "result": result,
        "present": session.attended.count(),
        "enrolled": selectors.confirmed_in(training_class).count(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "training/_session_check_in_result.html", context)
    return render(request, "training/session_check_in.html", context)
