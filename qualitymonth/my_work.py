"""A person's "my work": what waits for them, one block per role they hold.

Where everyone lands after signing in. Each block is read from the owning app's selectors; it
lives at the project level (beside pages.py) because it draws on several apps.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.awards import selectors as awards
from qualitymonth.campaigns import selectors as campaigns
from qualitymonth.enquiries import selectors as enquiries
from qualitymonth.events import selectors as events
from qualitymonth.members import selectors as members
from qualitymonth.organizations.models import Role
from qualitymonth.organizations.selectors import held_positions
from qualitymonth.surveys import selectors as surveys

SHOWN = 10  # items per block; the block's link leads to the full list


@dataclass
class Item:
    text: str
    url: str
    note: str = ""


@dataclass
class Block:
    key: str
    title: str
    more_url: str
    items: list[Item] = field(default_factory=list)
    more: bool = False
    empty: str = gettext_lazy("Nothing waits for you here.")


def _block(key, title, more_url, rows, item) -> Block:
    rows = list(rows[: SHOWN + 1])
    return Block(key, title, more_url, [item(row) for row in rows[:SHOWN]], more=len(rows) > SHOWN)


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return formats.date_format(value)


def _reviews(user) -> Block:
    return _block(
        "reviews",
        _("Reviews due"),
        reverse("awards:desk"),
        awards.reviews_due(user),
        lambda a: Item(
            f"{a.application.round.display_title} · {a.application_id}",
            reverse("awards:review", args=[a.pk]),
        ),
    )


def _rounds(user) -> Block:
    return _block(
        "rounds",
        _("Survey rounds to collect"),
        reverse("surveys:mine"),
        surveys.rounds_to_collect(user),
        lambda r: Item(
            str(r),
            reverse("surveys:collect", args=[r.pk]),
            _("until %(date)s") % {"date": _date(r.collection_ends)} if r.collection_ends else "",
        ),
    )


def _cases(user) -> Block:
    today = timezone.localdate()

    def item(clock):
        late = clock.due_on < today
        note = _("overdue since %(date)s") if late else _("due %(date)s")
        return Item(
            clock.case.number,
            reverse("enquiries:desk_case", args=[clock.case.number]),
            note % {"date": _date(clock.due_on)},
        )

    return _block(
        "cases",
        _("Cases near their time limits"),
        reverse("enquiries:desk") + "?near=on",
        enquiries.clocks_near_limits(user, today),
        item,
    )


def _actions(user) -> Block:
    return _block(
        "actions",
        _("Plan actions to report on"),
        reverse("campaigns:workspace"),
        campaigns.actions_to_report(user),
        lambda a: Item(
            f"{a.number} {a.display_title}",
            reverse("campaigns:action_detail", args=[a.pk]),
            _("due %(date)s") % {"date": _date(a.due_on)} if a.due_on else "",
        ),
    )


def _recommendations(user) -> Block:
    return _block(
        "recommendations",
        _("Applications waiting for your recommendation"),
        reverse("awards:mine"),
        awards.recommendations_waiting(user),
        lambda a: Item(
            f"{a.applicant_unit} · {a.round.display_title}",
            reverse("awards:application", args=[a.pk]),
        ),
    )


def _secretariat(user) -> list[Block]:
    return [
        _block(
            "progress",
            _("Progress reports to review"),
            reverse("campaigns:workspace"),
            campaigns.progress_reports_to_review().order_by("created_at", "pk"),
            lambda r: Item(
                f"{r.action.number} {r.unit}", reverse("campaigns:progress_review", args=[r.pk])
            ),
        ),
        _block(
            "activities",
            _("Activity reports to review"),
            reverse("campaigns:workspace"),
            campaigns.activities_to_review().order_by("created_at", "pk"),
            lambda r: Item(r.title, reverse("campaigns:report_review", args=[r.pk])),
        ),
        _block(
            "commitments",
            _("Commitments to moderate"),
            reverse("events:moderation"),
            events.commitments_to_moderate().order_by("pk"),
            lambda c: Item(str(c), reverse("events:moderation")),
        ),
        _block(
            "objections",
            _("Objections to public notices"),
            reverse("awards:index"),
            awards.objections_to_answer(),
            lambda o: Item(
                o.notice.round.display_title, reverse("awards:manage", args=[o.notice.round_id])
            ),
        ),
    ]


def _follow_ups(user) -> list[Block]:
    """Actions agreed on visits and round tables, owned by this person, until marked done.
    Anyone may own one (the secretariat or a visited unit's staff): shown when there are some."""
    today = members.shanghai_today()

    def item(follow_up):
        late = follow_up.due_on < today
        note = _("overdue since %(date)s") if late else _("due %(date)s")
        return Item(
            f"{follow_up.text} · {follow_up.visit.title}",
            reverse("members:visit_detail", args=[follow_up.visit_id]),
            note % {"date": _date(follow_up.due_on)},
        )

    block = _block(
        "follow-ups",
        _("Follow-ups from visits"),
        reverse("members:my_follow_ups"),
        members.open_follow_ups_of(user),
        item,
    )
    return [block] if block.items else []


def _groups(user) -> list[Block]:
    """An industry group's officers reach its page (members, calendar, new events) here."""
    block = _block(
        "groups",
        _("Industry groups I serve"),
        reverse("my_work"),
        members.groups_officered_by(user),
        lambda officer: Item(
            officer.group.display_name,
            reverse("members:group_detail", args=[officer.group_id]),
            officer.get_role_display(),
        ),
    )
    return [block] if block.items else []


def _own(user) -> list[Block]:
    """Everyone's own: tickets for coming events and open questions or complaints. Shown only
    when there are some, so that staff pages stay about their work."""
    now = timezone.now()
    tickets = _block(
        "tickets",
        _("My tickets"),
        reverse("events:mine"),
        events.registrations_of(user).filter(event__ends_at__gte=now).order_by("event__starts_at"),
        lambda r: Item(
            r.event.display_title,
            reverse("events:ticket", args=[r.ticket_code]),
            _date(r.event.starts_at),
        ),
    )
    cases = _block(
        "my-cases",
        _("My questions and complaints"),
        reverse("enquiries:track"),
        enquiries.open_cases_filed_by(user),
        lambda c: Item(
            c.number, reverse("enquiries:case", args=[c.number]), c.get_status_display()
        ),
    )
    return [block for block in (tickets, cases) if block.items]


# Which blocks each role brings, in the order a person holding several roles reads them.
BY_ROLE = [
    ({Role.SECRETARIAT}, _secretariat),
    ({Role.REVIEWER}, lambda user: [_reviews(user)]),
    ({Role.INSPECTOR}, lambda user: [_rounds(user)]),
    ({Role.CASE_HANDLER}, lambda user: [_cases(user)]),
    ({Role.UNIT_ADMIN, Role.REPORTER}, lambda user: [_actions(user)]),
    ({Role.UNIT_ADMIN}, lambda user: [_recommendations(user)]),
]


def blocks_for(user) -> list[Block]:
    roles = {held.role for held in held_positions(user)}
    work = [block for wanted, make in BY_ROLE if roles & wanted for block in make(user)]
    return work + _follow_ups(user) + _groups(user) + _own(user)


@login_required
def my_work(request):
    return render(request, "my_work.html", {"blocks": blocks_for(request.user)})
