"""The report composer's sections read from the modules: the campaign digest (campaigns),
the index chapters (surveys' published index runs), the citizen-service figures (the stored
figures of the cases) and the award lists (awards), each through its app's front door.

A section reads what it names (`Section.source`) or, when it names nothing, what the report's
year holds. A named record deleted since is reported by the name kept on the section; a year
that holds nothing says so without stopping the export."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qualitymonth.awards import selectors as awards_selectors
from qualitymonth.awards.models import Round as AwardRound
from qualitymonth.campaigns import selectors as campaign_selectors
from qualitymonth.campaigns.models import Campaign
from qualitymonth.figures.breakdowns import dimension_of
from qualitymonth.figures.models import Report, Section, SectionKind
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.selectors_dashboards import _number, _stored, districts
from qualitymonth.surveys import selectors as survey_selectors
from qualitymonth.surveys.models import Round as SurveyRound
from qualitymonth.surveys.models import RunLevel

FROM_MODULES = (SectionKind.CAMPAIGN, SectionKind.INDEX, SectionKind.SERVICES, SectionKind.AWARDS)
SERVICE_FIGURES = ("enquiries.received", "enquiries.on_time_rate")


@dataclass
class Block:
    """A titled table of a module's section, laid out the same on the page and in print."""

    caption: str
    header: list[str]
    rows: list[list[str]]


def _campaign_name(campaign: Campaign) -> str:
    return f"{campaign.year} · {campaign.display_theme}"


def _survey_round_name(round_: SurveyRound) -> str:
    return f"{round_.evaluation.display_name} {round_.year}"


def _award_round_name(round_: AwardRound) -> str:
    return round_.display_title


# kind -> (the records one may choose, their name, what the message calls one)
SOURCES = {
    SectionKind.CAMPAIGN: (
        lambda: Campaign.objects.order_by("-year"),
        _campaign_name,
        lambda: _("the campaign"),
    ),
    SectionKind.INDEX: (
        lambda: SurveyRound.objects.select_related("evaluation").order_by("-year", "pk"),
        _survey_round_name,
        lambda: _("the evaluation round"),
    ),
    SectionKind.AWARDS: (
        lambda: AwardRound.objects.order_by("-year", "pk"),
        _award_round_name,
        lambda: _("the award round"),
    ),
}


def source_choices() -> list:
    """The form's choices: the report's year, or one campaign, evaluation round or award round
    ("kind:pk"), grouped by what they are."""
    choices: list = [("", _("Those of the report's year"))]
    for kind, (records, name, _what) in SOURCES.items():
        options = [(f"{kind}:{record.pk}", name(record)) for record in records()]
        if options:
            choices.append((SectionKind(kind).label, options))
    return choices


def resolve_source(kind: str, value: str) -> tuple[int | None, str]:
    """The record a new section names, checked: (pk, name), or (None, "") for the year's."""
    value = (value or "").strip()
    if not value:
        return None, ""
    chosen_kind, _sep, pk = value.partition(":")
    if kind not in SOURCES or chosen_kind != kind or not pk.isdigit():
        raise ValidationError(
            _("Choose a record of the kind the section holds, or the report's year.")
        )
    records, name, _what = SOURCES[kind]
    record = records().filter(pk=int(pk)).first()
    if record is None:
        raise ValidationError(_("The chosen record no longer exists: choose another."))
    return record.pk, name(record)[:300]


def _chosen(section: Section, part) -> tuple[bool, object]:
    """(named, record): the record the section names, or (False, None) when it names none;
    a named record deleted since adds the message that stops the export."""
    if section.source is None:
        return False, None
    records, _name, what = SOURCES[section.kind]
    record = records().filter(pk=section.source).first()
    if record is None:
        part.errors.append(
            _(
                "The section “%(section)s” refers to %(what)s “%(name)s”, which no longer "
                "exists: remove the section or add it again with another choice."
            )
            % {"section": section.heading, "what": what(), "name": section.source_name}
        )
    return True, record


def _campaign_digest(report: Report, section: Section, part) -> None:
    named, campaign = _chosen(section, part)
    if not named:
        campaign = Campaign.objects.filter(year=report.year).first()
        if campaign is None:
            part.notes.append(
                _("No Quality Month of %(year)s is recorded yet.") % {"year": report.year}
            )
    if campaign is None:
        return
    plan = campaign_selectors.plan_summary(campaign)
    digest = campaign_selectors.digest_of(campaign)
    totals = digest["totals"]
    part.paragraphs += [
        _("%(theme)s, from %(start)s to %(end)s.")
        % {
            "theme": campaign.display_theme,
            "start": f"{campaign.starts_on:%Y-%m-%d}",
            "end": f"{campaign.ends_on:%Y-%m-%d}",
        },
        _("The plan holds %(actions)s actions, %(progress)s%% done on average.")
        % {"actions": plan["actions"], "progress": plan["progress"]},
        _(
            "%(activities)s activities were reported and accepted, from %(units)s units, with "
            "%(participants)s participants and %(viewers)s online viewers."
        )
        % {
            "activities": totals["activities"],
            "units": digest["units"],
            "participants": totals["participants"],
            "viewers": totals["online_viewers"],
        },
    ]
    part.tables.append(
        Block(
            _("The plan by status"),
            [_("Status"), _("Actions")],
            [[str(label), str(count)] for _status, label, count in plan["by_status"]],
        )
    )
    part.tables.append(
        Block(
            _("Accepted activities by district"),
            [_("District"), _("Activities"), _("Participants")],
            [
                [
                    row["object"].display_name if row.get("object") else _("No district"),
                    str(row["activities"]),
                    str(row["participants"] or 0),
                ]
                for row in digest["by"]["district"]
            ],
        )
    )


def _index_chapters(report: Report, section: Section, part) -> None:
    named, round_ = _chosen(section, part)
    if named:
        rounds = [round_] if round_ is not None else []
    else:
        rounds = list(SurveyRound.objects.filter(year=report.year).select_related("evaluation"))
    published = [(r, survey_selectors.published_run(r)) for r in rounds]
    published = [(r, run) for r, run in published if run is not None]
    if not published and (round_ is not None or not named):
        part.notes.append(
            _("No index run of %(year)s has been published yet.")
            % {"year": round_.year if round_ is not None else report.year}
        )
    for chosen, run in published:
        name = _survey_round_name(chosen)
        city = next(iter(survey_selectors.ranking(run, RunLevel.CITY)), None)
        if city is not None:
            line = _(
                "%(evaluation)s: the city scored %(score).2f out of 100 across %(units)s units."
            )
            line %= {"evaluation": name, "score": city.score, "units": city.units}
            if city.change is not None:
                line += " " + _("That is %(change)+.2f on the year before.") % {
                    "change": city.change
                }
            part.paragraphs.append(line)
        part.tables.append(
            Block(
                _("%(evaluation)s: the districts ranked") % {"evaluation": name},
                [_("Rank"), _("District"), _("Score"), _("Change on the year before")],
                [
                    [
                        str(row.rank),
                        row.display_name,
                        f"{row.score:.2f}",
                        "—" if row.change is None else f"{row.change:+.2f}",
                    ]
                    for row in survey_selectors.ranking(run, RunLevel.DISTRICT)
                ],
            )
        )


def _service_figures(report: Report, section: Section, part, shown, number) -> None:
    """The cases' figures of the year as stored (published ones when frozen), and the cases
    received in each district, the same numbers as the dashboards'."""
    figures = [f for f in map(get_figure, SERVICE_FIGURES) if f is not None]
    rows = [[str(f.name), number(shown.get((f.key, report.year))), str(f.unit)] for f in figures]
    if all(value == "—" for _name, value, _unit in rows):
        part.notes.append(
            _("No figures have been computed for %(year)s yet.") % {"year": report.year}
        )
        return
    part.tables.append(
        Block(_("The year's cases"), [_("Figure"), str(report.year), _("Unit")], rows)
    )
    received = get_figure("enquiries.received")
    if received is None:
        return
    stored = _stored(report.year)
    part.tables.append(
        Block(
            _("Cases received by district"),
            [_("District"), str(received.unit)],
            [
                [
                    district.display_name,
                    number(
                        _number(
                            stored, received, report.year, dimension_of(district.key), str
                        ).value
                    ),
                ]
                for district in districts()
            ],
        )
    )


def _award_lists(report: Report, section: Section, part) -> None:
    named, round_ = _chosen(section, part)
    if named:
        rounds = [round_] if round_ is not None else []
    else:
        rounds = list(AwardRound.objects.filter(year=report.year).order_by("pk"))
    listed = [(r, awards_selectors.awarded_entries(r)) for r in rounds]
    listed = [(r, entries) for r, entries in listed if entries]
    if not listed and (round_ is not None or not named):
        part.notes.append(
            _("No award list of %(year)s has been published yet.")
            % {"year": round_.year if round_ is not None else report.year}
        )
    for chosen, entries in listed:
        part.tables.append(
            Block(
                chosen.display_title,
                [_("Grade"), _("Awarded to"), _("Result or project")],
                [[e.grade.display_name, e.holder_name, e.title] for e in entries],
            )
        )


def compose_module_part(report: Report, section: Section, part, shown, number) -> None:
    """Fill a module's section; `shown` and `number` are the composer's stored values and its
    way of writing a number (in 万 and 亿 when the report chooses so)."""
    if section.kind == SectionKind.CAMPAIGN:
        _campaign_digest(report, section, part)
    elif section.kind == SectionKind.INDEX:
        _index_chapters(report, section, part)
    elif section.kind == SectionKind.SERVICES:
        _service_figures(report, section, part, shown, number)
    elif section.kind == SectionKind.AWARDS:
        _award_lists(report, section, part)
