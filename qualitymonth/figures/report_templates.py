"""The documents that ship with the platform: sections in the order of a council work
report, the quality white paper and the campaign summary."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.figures.models import ReportKind, SectionKind

T, F, TABLE, CHART = SectionKind.TEXT, SectionKind.FIGURES, SectionKind.TABLE, SectionKind.CHART
# The modules' sections read the report's year: they name no figure.
CAMPAIGN, INDEX, SERVICES, AWARDS = (
    SectionKind.CAMPAIGN,
    SectionKind.INDEX,
    SectionKind.SERVICES,
    SectionKind.AWARDS,
)

MAIN_FIGURES = [
    "events.held",
    "events.checked_in",
    "campaigns.activity_reports",
    "training.trainees",
    "quality.teams",
    "awards.winners",
    "enquiries.received",
    "members.participation_rate",
]

TEMPLATES = {
    ReportKind.COUNCIL: [
        (T, _("Foreword"), _("Write here how the term went, in a few paragraphs.")),
        (F, _("The work in figures"), MAIN_FIGURES),
        (TABLE, _("The term year by year"), MAIN_FIGURES),
        (CHART, _("Events held over the years"), ["events.held"]),
        (CAMPAIGN, _("The Quality Month"), ()),
        (SERVICES, _("Citizen services"), ()),
        (AWARDS, _("Awards and honours"), ()),
        (T, _("The work ahead"), _("Write here the tasks of the next term.")),
    ],
    ReportKind.WHITE_PAPER: [
        (T, _("Overview"), _("Write here the year's quality situation.")),
        (F, _("Quality in figures"), ["quality.teams", "quality.staff", "awards.winners"]),
        (INDEX, _("Quality indexes"), ()),
        (SERVICES, _("Citizen services"), ()),
        (CHART, _("Citizen cases over the years"), ["enquiries.received"]),
        (AWARDS, _("Quality awards"), ()),
        (T, _("Outlook"), _("Write here what the coming year should bring.")),
    ],
    ReportKind.CAMPAIGN: [
        (T, _("The campaign at a glance"), _("Write here the campaign's theme and course.")),
        (
            F,
            _("The campaign in figures"),
            ["campaigns.activity_reports", "events.held", "events.checked_in"],
        ),
        (CAMPAIGN, _("The campaign digest"), ()),
        (T, _("What worked"), _("Write here the practices worth keeping.")),
    ],
    ReportKind.FREE: [],
}
