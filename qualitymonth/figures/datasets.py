"""The open-data download's datasets that read other apps' records.

Each reads only the public entrances of its app (models, selectors) and only columns that
carry no personal data: people are never named, only units and counts. An app may later
declare its own `DATASETS` in its figures.py; the registry takes both.
"""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.models import Application, ApplicationStatus
from qualitymonth.awards.models.programs import ApplicantKind
from qualitymonth.campaigns.models import ActivityReport, ReportState
from qualitymonth.core.figures import Column, Dataset
from qualitymonth.enquiries.models import Case
from qualitymonth.events.models import Event, RegistrationStatus
from qualitymonth.figures.models import FigureValue, PublishedYear
from qualitymonth.figures.registry import get_figure
from qualitymonth.standards.models import PUBLIC_STATES, Standard

SEATED = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)


def _day(moment) -> str:
    # The day in Shanghai: a case filed at 07:00 on 1 January is 2025-12-31 in UTC.
    return timezone.localtime(moment).date().isoformat() if moment else ""


def event_rows():
    # Only the columns the file needs: whole model objects cost most of the build at 10⁶ rows.
    events = (
        Event.objects.filter(is_published=True)
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status__in=SEATED)),
            checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .order_by("starts_at", "pk")
        .values_list(
            "pk",
            "kind",
            "title",
            "series__name",
            "starts_at",
            "ends_at",
            "registered",
            "checked_in",
            "online_viewers",
        )
    )
    for pk, kind, title, series, starts, ends, *numbers in events.iterator(chunk_size=5000):
        yield (
            pk,
            kind,
            title,
            series or "",
            timezone.localtime(starts).isoformat(),
            timezone.localtime(ends).isoformat(),
            *numbers,
        )


def activity_rows():
    reports = (
        ActivityReport.objects.filter(state=ReportState.ACCEPTED)
        .order_by("campaign__year", "starts_on", "pk")
        .values_list(
            "pk",
            "campaign__year",
            "unit__name",
            "district__name",
            "category__name",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "participants",
            "online_viewers",
            "teams",
            "enterprises",
        )
    )
    for pk, year, unit, district, category, kind, title, starts, ends, *numbers in reports.iterator(
        chunk_size=5000
    ):
        yield (
            pk,
            year,
            unit or "",
            district or "",
            category or "",
            kind,
            title,
            starts.isoformat(),
            ends.isoformat(),
            *numbers,
        )


def award_rows():
    entries = (
        Application.objects.filter(status=ApplicationStatus.AWARDED)
        .select_related("round__program", "grade", "applicant_unit")
        .order_by("round__year", "round__program__name", "grade__position", "pk")
    )
    for entry in entries:
        program = entry.round.program
        # A person's award names the unit that applied, never the person.
        personal = program.applicant_kind == ApplicantKind.PERSON
        yield (
            entry.round.year,
            program.name,
            entry.round.title,
            entry.grade.name if entry.grade else "",
            "" if personal else entry.holder_name,
            entry.applicant_unit.name if entry.applicant_unit else "",
            "" if personal else entry.title,
        )


def standard_rows():
    standards = Standard.objects.filter(state__in=PUBLIC_STATES).order_by(
        "number_year", "number_sequence", "pk"
    )
    for standard in standards.prefetch_related("drafting_units"):
        yield (
            standard.number or "",
            standard.title,
            standard.state,
            standard.approved_on.isoformat() if standard.approved_on else "",
            standard.implemented_on.isoformat() if standard.implemented_on else "",
            "；".join(unit.name for unit in standard.drafting_units.all()),
        )


def citizen_service_rows():
    counted = (
        Case.objects.annotate(year=ExtractYear("received_at"))
        .values("year", "kind", "category__name", "district__name")
        .annotate(received=Count("pk"), closed=Count("pk", filter=Q(closed_at__isnull=False)))
        .order_by("year", "kind", "category__name", "district__name")
    )
    # The on-time share is the year's figure as stored, the number every page shows.
    on_time = {}
    for value in FigureValue.objects.filter(key="enquiries.on_time_rate", dimension=""):
        if value.frozen or value.year not in on_time:
            on_time[value.year] = value.value.normalize()
    for row in counted:
        year = row["year"]
        yield (
            year,
            row["kind"],
            row["category__name"] or "",
            row["district__name"] or "",
            row["received"],
            row["closed"],
            on_time.get(year, ""),
        )


def published_figure_rows():
    published = dict(PublishedYear.objects.values_list("year", "published_at"))
    values = FigureValue.objects.filter(frozen=True, dimension="").order_by("year", "key")
    for value in values:
        figure = get_figure(value.key)
        if figure is None or not figure.public:
            continue
        when = published.get(value.year)
        yield (
            value.year,
            value.key,
            str(figure.name),
            str(figure.unit),
            value.value.normalize(),
            value.version,
            _day(when),
        )


DATASETS = [
    Dataset(
        key="events",
        name=_("Events and their figures"),
        description=_("One row per published event, with its registrations and attendance."),
        columns=(
            Column("id", _("The event's number on the platform.")),
            Column("kind", _("Kind of event (lecture, visit, competition…).")),
            Column("title", _("Title in Simplified Chinese.")),
            Column("series", _("Series the event belongs to, if any.")),
            Column("starts_at", _("Start, ISO 8601 with time zone.")),
            Column("ends_at", _("End, ISO 8601 with time zone.")),
            Column("registered", _("Registrations holding a seat.")),
            Column("checked_in", _("Registrations checked in at the door.")),
            Column("online_viewers", _("Viewers of the online broadcast.")),
        ),
        rows=event_rows,
        order=10,
    ),
    Dataset(
        key="activity_reports",
        name=_("Activity reports"),
        description=_("One row per activity report accepted by the secretariat."),
        columns=(
            Column("id", _("The report's number on the platform.")),
            Column("year", _("Year of the Quality Month campaign.")),
            Column("unit", _("Reporting unit.")),
            Column("district", _("District of the activity.")),
            Column("category", _("Category of the activity.")),
            Column("kind", _("Kind of activity.")),
            Column("title", _("Title of the activity.")),
            Column("starts_on", _("First day, YYYY-MM-DD.")),
            Column("ends_on", _("Last day, YYYY-MM-DD.")),
            Column("participants", _("Participants on site.")),
            Column("online_viewers", _("Online viewers.")),
            Column("teams", _("Teams taking part.")),
            Column("enterprises", _("Enterprises taking part.")),
        ),
        rows=activity_rows,
        order=20,
    ),
    Dataset(
        key="awards",
        name=_("Award lists"),
        description=_(
            "One row per recognised entry. Awards to persons name the applying unit only."
        ),
        columns=(
            Column("year", _("Year of the round.")),
            Column("program", _("Recognition program.")),
            Column("round", _("Title of the round.")),
            Column("grade", _("Level of recognition.")),
            Column("holder", _("Unit or team named on the list; empty for awards to persons.")),
            Column("applicant_unit", _("Unit that applied.")),
            Column("title", _("Result or project recognised; empty for awards to persons.")),
        ),
        rows=award_rows,
        order=30,
    ),
    Dataset(
        key="standards",
        name=_("Group standards"),
        description=_("One row per group standard from public comment on."),
        columns=(
            Column("number", _("Standard number, once published.")),
            Column("title", _("Title.")),
            Column("state", _("Stage: comment, review, published, revised or withdrawn.")),
            Column("approved_on", _("Approval date, YYYY-MM-DD.")),
            Column("implemented_on", _("Implementation date, YYYY-MM-DD.")),
            Column("drafting_units", _("Drafting units, separated by a full-width semicolon.")),
        ),
        rows=standard_rows,
        order=40,
    ),
    Dataset(
        key="citizen_services",
        name=_("Citizen-service figures"),
        description=_(
            "Cases received, counted by year, track, category and district; no case is listed."
        ),
        columns=(
            Column("year", _("Year the cases were received.")),
            Column("track", _("Complaint, report or enquiry.")),
            Column("category", _("Category of the cases.")),
            Column("district", _("District of the cases; empty when not known.")),
            Column("received", _("Cases received.")),
            Column("closed", _("Of these, cases closed.")),
            Column("on_time_rate", _("The year's share of handling steps ended in time, %.")),
        ),
        rows=citizen_service_rows,
        order=50,
    ),
    Dataset(
        key="figures",
        name=_("Published figures"),
        description=_("One row per figure of a published year, as frozen on publication."),
        columns=(
            Column("year", _("Year of the figure.")),
            Column("key", _("The figure's key, the same on every page.")),
            Column("name", _("Name of the figure.")),
            Column("unit", _("Unit of the value.")),
            Column("value", _("The published value.")),
            Column("version", _("Version of the figure's definition.")),
            Column("published_on", _("Day the year was published, YYYY-MM-DD.")),
        ),
        rows=published_figure_rows,
        order=60,
    ),
]
