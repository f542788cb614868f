"""Reads for the citizen pages: what can be asked, and one citizen's own cases.

A citizen reaches a case by being its signed-in filer or by giving its number with the phone
number they filed with; the case ids they proved are kept in their session.
"""

import datetime

from django.db.models import Q, QuerySet

from qualitymonth.enquiries.models import Attachment, Case, CaseEvent, Category, Clock
from qualitymonth.enquiries.privacy import same_phone
from qualitymonth.enquiries.selectors_clocks import local_today, near_until, running
from qualitymonth.enquiries.selectors_desk import desk_scope
from qualitymonth.enquiries.statuses import FINAL, Kind
from qualitymonth.organizations.models import Unit, UnitKind

SESSION_KEY = "enquiries.cases"  # ids of the cases this browser has proved it may see
FILED_KEY = "enquiries.filed"  # numbers filed in this session, for the thanks page


def offered_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("position", "code")


def districts() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True).order_by(
        "division_code", "name"
    )


def category_tracks(categories) -> dict[str, list[str]]:
    """{category id: [tracks]} in the order the form offers the tracks, for the page's script."""
    order = list(Kind.values)
    return {
        str(category.pk): sorted(
            (kind for kind in category.kinds if kind in order), key=order.index
        )
        for category in categories
    }


def case_by_number(number: str) -> Case | None:
    return (
        Case.objects.select_related("submission", "category", "district", "unit")
        .filter(number=number.strip().upper())
        .first()
    )


def case_for_check(number: str, phone: str) -> Case | None:
    """The case only when the phone matches the one filed; otherwise None, either way alike."""
    case = case_by_number(number or "")
    if case is None or not case.submission.phone or not same_phone(phone, case.submission.phone):
        return None
    return case


def proved_case_ids(session) -> set[int]:
    return set(session.get(SESSION_KEY, []))


def is_filer(user, session, case: Case) -> bool:
    """The citizen themself: signed in as the filer, or proved number and phone this session."""
    if user.is_authenticated and case.submission.account_id == user.pk:
        return True
    return case.pk in proved_case_ids(session)


def cases_filed_by(user) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(submission__account=user).select_related("category", "district")


def cases_by_numbers(numbers) -> list[Case]:
    cases = Case.objects.filter(number__in=list(numbers)).select_related("category", "unit")
    found = {case.number: case for case in cases}
    return [found[number] for number in numbers if number in found]


def public_history(case: Case) -> QuerySet[CaseEvent]:
    return (
        case.events.filter(is_public=True)
        .select_related("from_unit", "to_unit")
        .prefetch_related("attachments")
    )


def running_clock(case: Case) -> Clock | None:
    return case.clocks.filter(stopped_on__isnull=True).order_by("due_on").first()


def filed_attachments(case: Case) -> QuerySet[Attachment]:
    """The files sent with the submission itself (later ones show in the history)."""
    return case.submission.attachments.filter(event__isnull=True)


def case_attachment(case: Case, pk: int) -> Attachment | None:
    """A file of the submission, or one added to this case's public history."""
    return (
        case.submission.attachments.filter(pk=pk)
        .filter(Q(event__isnull=True) | Q(event__case=case, event__is_public=True))
        .first()
    )


def other_cases_of_submission(case: Case) -> QuerySet[Case]:
    return case.submission.cases.exclude(pk=case.pk).order_by("number")


def clocks_near_limits(user, today: datetime.date | None = None) -> QuerySet[Clock]:
    """Running clocks of the cases the person handles that are overdue or near their due date,
    the most pressing first (a case handler's "my work")."""
    today = today or local_today()
    return running(desk_scope(user)).filter(due_on__lte=near_until(today)).order_by("due_on", "pk")


def cases_about_unit(viewer, unit: Unit) -> QuerySet[Case]:
    """Citizens' cases naming the unit as the business complained about, only those the
    viewer handles (the secretariat: all). Others see only those published (see
    published_cases_about_unit)."""
    from qualitymonth.enquiries.rules import handling_unit_ids

    cases = Case.objects.filter(submission__business_name__iexact=unit.name)
    if viewer.has_perm("enquiries.manage"):
        return cases.order_by("received_at", "pk")
    return cases.filter(unit_id__in=handling_unit_ids(viewer)).order_by("received_at", "pk")


def published_cases_about_unit(unit: Unit) -> QuerySet[Case]:
    """Cases naming the unit that the citizen agreed to publish (and whose data is still
    kept): what Open311 shows anyone, so the unit's own staff may see them too."""
    return Case.objects.filter(
        submission__business_name__iexact=unit.name,
        submission__consents_to_publish=True,
        submission__erased_at__isnull=True,
    ).order_by("received_at", "pk")


def open_cases_filed_by(user) -> QuerySet[Case]:
    """The person's own cases still being handled, the latest first."""
    return cases_filed_by(user).exclude(status__in=FINAL).order_by("-received_at", "-pk")
