"""The three tracks of a citizen's case and the steps each may take.

A complaint (投诉) is a dispute with a business the regulator mediates; a report (举报) is a lead
on a suspected violation; a consultation (咨询) is a question. One submission may hold a
complaint and a report: they become two cases on their own tracks (Order 121, Art. 9).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("consultation")
    COMPLAINT = "complaint", _("complaint")
    REPORT = "report", _("report")


class Status(models.TextChoices):
    # consultation
    ASKED = "asked", pgettext_lazy("case status", "waiting for an answer")
    ANSWERED = "answered", pgettext_lazy("case status", "answered")
    # complaint
    RECEIVED = "received", pgettext_lazy("case status", "received")
    ACCEPTED = "accepted", pgettext_lazy("case status", "accepted")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("case status", "not accepted")
    MEDIATING = "mediating", pgettext_lazy("case status", "in mediation")
    AGREEMENT = "agreement", pgettext_lazy("case status", "agreement reached")
    WITHDRAWN = "withdrawn", pgettext_lazy("case status", "withdrawn")
    MEDIATION_ENDED = "mediation_ended", pgettext_lazy("case status", "mediation ended")
    CLOSED = "closed", pgettext_lazy("case status", "closed")
    # report
    CHECKING = "checking", pgettext_lazy("case status", "being checked")
    CASE_OPENED = "case_opened", pgettext_lazy("case status", "case opened")
    NOT_OPENED = "not_opened", pgettext_lazy("case status", "no case opened")
    RESULT_NOTIFIED = "result_notified", pgettext_lazy("case status", "result notified")


class Reason(models.TextChoices):
    """Why a complaint is not accepted or its mediation ends, why a report opens no case
    (after Order 121, Arts. 16 and 23), and why a case changes hands."""

    OUTSIDE_DUTIES = "outside_duties", _("outside our duties or area")
    HANDLED_ELSEWHERE = (
        "handled_elsewhere",
        _("already handled by a court, arbitration or another body"),
    )
    NOT_CONSUMER = "not_consumer", _("not everyday consumption, or no consumer dispute")
    TOO_LATE = "too_late", _("more than three years after the harm was known")
    MATERIALS_MISSING = "materials_missing", _("required information missing or false")
    IDENTITY = "identity", _("another person's name used, or identity not verified")
    PARTY_ABSENT = "party_absent", _("a party did not take part or refused mediation")
    NO_AGREEMENT = "no_agreement", _("a party says no agreement is possible")
    TIME_LIMIT = "time_limit", _("no agreement within the time limit")
    TESTING_COSTS = "testing_costs", _("no agreement on who pays for testing")
    PARTY_GONE = "party_gone", _("a party died or ceased to exist")
    NO_VIOLATION = "no_violation", _("no violation found")
    INSUFFICIENT_LEAD = "insufficient_lead", _("the lead is not specific enough to check")
    WRONG_UNIT = "wrong_unit", _("another unit is responsible")
    OTHER = "other", _("other reason in law")


OPEN = {"asked", "received", "accepted", "mediating", "checking", "case_opened"}
FINAL = {"answered", "not_accepted", "closed", "not_opened", "result_notified"}

FIRST = {
    Kind.CONSULTATION: Status.ASKED,
    Kind.COMPLAINT: Status.RECEIVED,
    Kind.REPORT: Status.CHECKING,
}

# Where each status may go next, per track.
TRANSITIONS = {
    Kind.CONSULTATION: {Status.ASKED: {Status.ANSWERED}},
    Kind.COMPLAINT: {
        Status.RECEIVED: {Status.ACCEPTED, Status.NOT_ACCEPTED},
        Status.ACCEPTED: {Status.MEDIATING, Status.WITHDRAWN},
        Status.MEDIATING: {Status.AGREEMENT, Status.WITHDRAWN, Status.MEDIATION_ENDED},
        Status.AGREEMENT: {Status.CLOSED},
        Status.WITHDRAWN: {Status.CLOSED},
        Status.MEDIATION_ENDED: {Status.CLOSED},
    },
    Kind.REPORT: {
        Status.CHECKING: {Status.CASE_OPENED, Status.NOT_OPENED},
        Status.CASE_OPENED: {Status.RESULT_NOTIFIED},
    },
}

# Steps that must give a reason, and the reasons each may give.
REASONS = {
    Status.NOT_ACCEPTED: [
        Reason.OUTSIDE_DUTIES,
        Reason.HANDLED_ELSEWHERE,
        Reason.NOT_CONSUMER,
        Reason.TOO_LATE,
        Reason.MATERIALS_MISSING,
        Reason.IDENTITY,
        Reason.OTHER,
    ],
    Status.MEDIATION_ENDED: [
        Reason.PARTY_ABSENT,
        Reason.NO_AGREEMENT,
        Reason.TESTING_COSTS,
        Reason.TIME_LIMIT,
        Reason.PARTY_GONE,
        Reason.OTHER,
    ],
    Status.NOT_OPENED: [
        Reason.NO_VIOLATION,
        Reason.INSUFFICIENT_LEAD,
        Reason.OUTSIDE_DUTIES,
        Reason.OTHER,
    ],
}

# Numbers start with the track's initials in pinyin: ZX 咨询, TS 投诉, JB 举报.
PREFIX = {Kind.CONSULTATION: "ZX", Kind.COMPLAINT: "TS", Kind.REPORT: "JB"}


def next_statuses(kind: str, status: str) -> set[str]:
    return set(TRANSITIONS.get(kind, {}).get(status, set()))


def is_open(status: str) -> bool:
    return status not in FINAL


class Step(models.TextChoices):
    """Stretches of a case that the rules time: each starts at one status and stops at others."""

    ANSWER = "answer", _("answering a consultation")
    ACCEPT = "accept", _("deciding whether to accept a complaint")
    MEDIATE = "mediate", _("mediating a complaint")
    CHECK = "check", _("checking a report")
    INVESTIGATE = "investigate", _("handling an opened case")


STEPS = {
    Step.ANSWER: (Kind.CONSULTATION, Status.ASKED, {Status.ANSWERED}),
    Step.ACCEPT: (Kind.COMPLAINT, Status.RECEIVED, {Status.ACCEPTED, Status.NOT_ACCEPTED}),
    Step.MEDIATE: (
        Kind.COMPLAINT,
        Status.ACCEPTED,
        {Status.AGREEMENT, Status.WITHDRAWN, Status.MEDIATION_ENDED},
    ),
    Step.CHECK: (Kind.REPORT, Status.CHECKING, {Status.CASE_OPENED, Status.NOT_OPENED}),
    Step.INVESTIGATE: (Kind.REPORT, Status.CASE_OPENED, {Status.RESULT_NOTIFIED}),
}
