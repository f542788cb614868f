"""Handlers for the members sections of the demo fixtures (fixtures/100_members.yaml).

Terms, dues, visits and applications are made through the members services, so each has
its history and audit entries as if the secretariat had entered them. A second load changes
nothing: a membership that has terms, an invoice number, a visit (title and day) or an
application (credit code) that exists is left alone.
"""

import datetime
import io
from collections import Counter
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qualitymonth.demo.loader import FixtureError, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.members.models import (
    Committee,
    CouncilTerm,
    FollowUp,
    GroupOfficer,
    Invoice,
    JoinApplication,
    Meeting,
    MemberProfile,
    MembershipType,
    ParticipationRun,
    Resolution,
    Seat,
    StatusRules,
    Term,
    Visit,
)
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.members.services.joining import submit_application
from qualitymonth.members.services.participation import compute, members_in
from qualitymonth.members.services.terms import add_term, issue_invoice, record_payment
from qualitymonth.members.services.visits import create_visit
from qualitymonth.organizations import credit_code
from qualitymonth.organizations.models import Membership, Unit, UnitKind, User


def _type(key: str) -> MembershipType:
    found = MembershipType.objects.filter(key=key).first()
    if found is None:
        raise FixtureError(f"unknown membership type {key!r}")
    return found


def _user(username: str) -> User:
    found = User.objects.filter(username=username).first()
    if found is None:
        raise FixtureError(f"unknown person {username!r}")
    return found


def _membership(unit: Unit) -> Membership:
    found = Membership.objects.filter(unit=unit).order_by("pk").first()
    if found is None:
        raise FixtureError(f"{unit.key} has no membership in 020_members.yaml")
    return found


def _annual_terms(membership: Membership, type_: MembershipType, first: int, last: int) -> int:
    if Term.objects.filter(membership=membership).exists():
        return 0
    for year in range(first, last + 1):
        add_term(
            actor=None,
            membership=membership,
            type=type_,
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
        )
    return last - first + 1


@section("member_types")
def load_types(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        values = {k: v for k, v in row.items() if k != "key"}
        values["dues_per_year"] = Decimal(str(values["dues_per_year"]))
        save_if_changed(MembershipType, {"key": row["key"]}, values, counts)
    return counts


@section("member_industries")
def load_industries(rows: list[dict]) -> Counter:
    """The industry each member works in (what an applicant states when joining)."""
    counts = Counter()
    for row in rows:
        save_if_changed(
            MemberProfile, {"unit": unit_by_key(row["unit"])}, {"industry": row["industry"]}, counts
        )
    return counts


@section("member_status_rules")
def load_status_rules(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows[:1]:
        first = StatusRules.objects.order_by("pk").first()
        save_if_changed(StatusRules, {"pk": first.pk} if first else {"pk": 1}, row, counts)
    return counts


@section("member_terms")
def load_terms(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        made = _annual_terms(
            _membership(unit_by_key(row["unit"])), _type(row["type"]), row["first"], row["last"]
        )
        counts["created" if made else "unchanged"] += made or 1
    return counts


@section("member_lapsed")
def load_lapsed(rows: list[dict]) -> Counter:
    """Annual terms, then a last term that ended `ended_days_ago` days before today."""
    counts = Counter()
    for row in rows:
        membership = _membership(unit_by_key(row["unit"]))
        if Term.objects.filter(membership=membership).exists():
            counts["unchanged"] += 1
            continue
        ended = shanghai_today() - datetime.timedelta(days=row["ended_days_ago"])
        type_ = _type(row["type"])
        # Yearly terms on the anniversary of joining, the last one ending `ended`.
        ends, starts = ended, []
        while True:
            start = ends.replace(year=ends.year - 1) + datetime.timedelta(days=1)
            if start.year < row["first"]:
                break
            starts.append((start, ends))
            ends = start - datetime.timedelta(days=1)
        for start, end in reversed(starts):
            add_term(actor=None, membership=membership, type=type_, starts_on=start, ends_on=end)
        counts["created"] += 1
    return counts


@section("member_history")
def load_history(rows: list[dict]) -> Counter:
    """Former members, named 示例会员单位NN, with annual terms over the years given."""
    counts = Counter()
    association = Unit.objects.get(key="sqa")
    for row in rows:
        for n in range(1, row["count"] + 1):
            unit = save_if_changed(
                Unit,
                {"key": f"demo-member-{n:02d}"},
                {
                    "kind": UnitKind.ENTERPRISE,
                    "name": f"示例会员单位{n:02d}",
                    "name_en": f"Example member {n:02d}",
                    "district": unit_by_key(row.get("district")),
                },
                counts,
            )
            membership, _made = Membership.objects.get_or_create(
                association=association,
                unit=unit,
                defaults={"joined_on": datetime.date(row["first"], 1, 1)},
            )
            _annual_terms(membership, _type(row["type"]), row["first"], row["last"])
    return counts


@section("member_dues")
def load_dues(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        year = row["year"]
        terms = (
            Term.objects.filter(starts_on__year=year)
            .select_related("membership__unit", "type")
            .order_by("membership__unit__key")
        )
        for n, term in enumerate(terms, start=1):
            number = f"HY{year}-{n:03d}"
            if Invoice.objects.filter(term=term, year=year).exists():
                counts["unchanged"] += 1
                continue
            invoice = issue_invoice(
                actor=None,
                term=term,
                year=year,
                number=number,
                issued_on=row["issued_on"],
                due_on=row["due_on"],
            )
            key = term.membership.unit.key
            if key in row.get("unpaid", []):
                pass
            else:
                amount = invoice.amount / 2 if key in row.get("partly_paid", []) else invoice.amount
                record_payment(
                    actor=None,
                    invoice=invoice,
                    amount=amount,
                    paid_on=row["due_on"] - datetime.timedelta(days=20),
                    bank_reference=f"CMB{year}{n:05d}",
                    receipt_number=f"SQA-R{year}{n:04d}",
                    fapiao_number=f"3100{year}{n:06d}",
                )
            counts["created"] += 1
    return counts


@section("member_group_officers")
def load_officers(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        save_if_changed(
            GroupOfficer,
            {
                "group": unit_by_key(row["group"]),
                "person": _user(row["username"]),
                "role": row["role"],
            },
            {"unit": unit_by_key(row.get("unit"))},
            counts,
        )
    return counts


@section("council_terms")
def load_council_terms(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        term = save_if_changed(
            CouncilTerm,
            {"number": row["number"]},
            {"name": row["name"], "starts_on": row["starts_on"], "ends_on": row["ends_on"]},
            counts,
        )
        term.units.set([unit_by_key(key) for key in row.get("units", [])])
        for meeting_row in row.get("meetings", []):
            meeting = save_if_changed(
                Meeting,
                {"council_term": term, "title": meeting_row["title"]},
                {
                    "kind": meeting_row["kind"],
                    "day": meeting_row["day"],
                    "minutes": meeting_row.get("minutes", ""),
                },
                counts,
            )
            for resolution in meeting_row.get("resolutions", []):
                save_if_changed(
                    Resolution,
                    {"meeting": meeting, "number": resolution["number"]},
                    {"text": resolution["text"]},
                    counts,
                )
    return counts


@section("committees")
def load_committees(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        committee = save_if_changed(
            Committee,
            {"name": row["name"]},
            {
                "kind": row["kind"],
                "founded_on": row.get("founded_on"),
                "remit": row.get("remit", ""),
            },
            counts,
        )
        for seat in row.get("seats", []):
            save_if_changed(
                Seat,
                {"committee": committee, "person": _user(seat["username"])},
                {"unit": unit_by_key(seat.get("unit")), "role": seat["role"]},
                counts,
            )
    return counts


@section("member_visits")
def load_visits(rows: list[dict]) -> Counter:
    counts = Counter()
    secretariat = _user("secretariat")
    for row in rows:
        if Visit.objects.filter(title=row["title"], day=row["day"]).exists():
            counts["unchanged"] += 1
            continue
        visit = create_visit(
            actor=secretariat,
            kind=row["kind"],
            day=row["day"],
            title=row["title"],
            units=[unit_by_key(key) for key in row["units"]],
            visitors=[_user(name) for name in row.get("visitors", [])],
            sites=row.get("sites", ""),
            findings=row.get("findings", ""),
            needs=[(need["text"], need.get("tags", [])) for need in row.get("needs", [])],
            follow_ups=[
                (f["text"], _user(f["owner"]), f["due_on"]) for f in row.get("follow_ups", [])
            ],
        )
        for f in row.get("follow_ups", []):
            if f.get("done_on"):
                FollowUp.objects.filter(visit=visit, text=f["text"]).update(done_on=f["done_on"])
        counts["created"] += 1
    return counts


@section("member_group_events")
def load_group_events(rows: list[dict]) -> Counter:
    """An industry group's own events, `in_days` days after the load (its calendar)."""
    from zoneinfo import ZoneInfo

    from qualitymonth.events.models import Event
    from qualitymonth.members.services.groups import schedule_group_event

    counts = Counter()
    for row in rows:
        if Event.objects.filter(title=row["title"]).exists():
            counts["unchanged"] += 1
            continue
        day = shanghai_today() + datetime.timedelta(days=row["in_days"])
        starts = datetime.datetime.combine(
            day, datetime.time(row["hour"]), tzinfo=ZoneInfo("Asia/Shanghai")
        )
        event = schedule_group_event(
            actor=None,
            group=unit_by_key(row["group"]),
            title=row["title"],
            kind=row["kind"],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=row["hours"]),
            venue=row["venue"],
            members_only=row.get("members_only", False),
        )
        Event.objects.filter(pk=event.pk).update(is_demo=True)
        counts["created"] += 1
    return counts


@section("member_round_tables")
def load_round_tables(rows: list[dict]) -> Counter:
    """Round tables spread over the year's members, each member at one of them."""
    counts = Counter()
    secretariat = _user("secretariat")
    for row in rows:
        year, sessions = row["year"], row["sessions"]
        skipped = {unit_by_key(key).pk for key in row.get("skip", [])}
        units = sorted(
            (
                term.membership.unit
                for term in members_in(year).values()
                if term.membership.unit_id not in skipped
            ),
            key=lambda unit: unit.key,
        )
        for n in range(sessions):
            title = f"{year}年企业质量座谈会（第{n + 1}场）"
            day = datetime.date(year, 3 + n * 2, 15)
            if Visit.objects.filter(title=title, day=day).exists():
                counts["unchanged"] += 1
                continue
            create_visit(
                actor=secretariat,
                kind="round_table",
                day=day,
                title=title,
                units=units[n::sessions],
                visitors=[secretariat],
                findings="听取会员企业对质量提升的意见和需求。",
            )
            counts["created"] += 1
    return counts


def _licence() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (245, 245, 240)).save(buffer, format="PNG")
    return SimpleUploadedFile("licence.png", buffer.getvalue(), content_type="image/png")


@section("member_applications")
def load_applications(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        body = row["credit_code_body"]
        code = body + credit_code.check_character(body)
        if JoinApplication.objects.filter(credit_code=code).exists():
            counts["unchanged"] += 1
            continue
        values = {
            k: row[k]
            for k in (
                "unit_name",
                "contact_name",
                "contact_phone",
                "contact_email",
                "industry",
                "size",
            )
        }
        submit_application(
            actor=None,
            licence=_licence(),
            type=_type(row["type"]),
            credit_code=code,
            group=unit_by_key(row.get("group")),
            **values,
        )
        counts["created"] += 1
    return counts


@section("member_participation")
def load_participation(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        if ParticipationRun.objects.filter(year=row["year"]).exists():
            counts["unchanged"] += 1
            continue
        compute(year=row["year"])
        counts["created"] += 1
    return counts
