"""What Open311 may read: offered categories, districts, and the cases whose citizens agreed
to publication."""

from django.db.models import Prefetch, Q

from qualitymonth.enquiries.models import Case, Category, Clock
from qualitymonth.enquiries.statuses import FINAL
from qualitymonth.organizations.models import Unit, UnitKind

MAX_REQUESTS = 1000


def services():
    return Category.objects.filter(is_active=True)


def service(code: str) -> Category | None:
    return services().filter(code=code).first()


def districts():
    return Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True).order_by(
        "division_code", "sort_key"
    )


def district_for(value: str) -> Unit | None:
    """A district by its division code, key or any of its names."""
    value = value.strip()
    if not value:
        return None
    return (
        districts()
        .filter(
            Q(division_code=value)
            | Q(key=value)
            | Q(name=value)
            | Q(name_en__iexact=value)
            | Q(short_name=value)
        )
        .first()
    )


def published_cases():
    """Only what the citizen agreed to publish, and only while their data is kept."""
    return (
        Case.objects.filter(
            submission__consents_to_publish=True, submission__erased_at__isnull=True
        )
        .select_related("category", "unit", "district", "submission")
        .prefetch_related(
            Prefetch(
                "clocks",
                queryset=Clock.objects.filter(stopped_on__isnull=True).order_by("due_on"),
                to_attr="running_clocks",
            )
        )
        .order_by("-received_at", "-id")
    )


def published_case(number: str) -> Case | None:
    return published_cases().filter(number=number).first()


def find_requests(*, numbers=None, codes=(), start=None, end=None, statuses=()):
    """The request list: numbers override every other filter (as the specification says)."""
    cases = published_cases()
    if numbers:
        return list(cases.filter(number__in=numbers)[:MAX_REQUESTS])
    if codes:
        cases = cases.filter(category__code__in=codes)
    if start is not None:
        cases = cases.filter(received_at__gte=start)
    if end is not None:
        cases = cases.filter(received_at__lte=end)
    if set(statuses) == {"open"}:
        cases = cases.exclude(status__in=FINAL)
    elif set(statuses) == {"closed"}:
        cases = cases.filter(status__in=FINAL)
    return list(cases[:MAX_REQUESTS])
