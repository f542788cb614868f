"""Registering teams year by year, with their members, and their results."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.quality.models import (
    MemberRole,
    Registration,
    Result,
    Team,
    TeamKind,
    TeamMember,
)


@dataclass(frozen=True)
class MemberLine:
    name: str
    role: str = MemberRole.MEMBER
    employee_number: str = ""


def parse_members(text: str) -> list[MemberLine]:
    """One member a line (or separated by ；/;): "name / role / employee number".

    The role is written as its value or its label in any language; missing means member.
    """
    roles = {}
    for role in MemberRole:
        roles[role.value] = role.value
        roles[str(role.label).lower()] = role.value
    roles.update({"组长": "leader", "組長": "leader", "组员": "member", "組員": "member"})
    roles.update({"顾问": "adviser", "顧問": "adviser", "指导": "adviser", "指導": "adviser"})
    members, problems = [], []
    for raw in text.replace("；", "\n").replace(";", "\n").splitlines():
        parts = [part.strip() for part in raw.replace("／", "/").split("/")]
        if not parts or not parts[0]:
            continue
        role = MemberRole.MEMBER
        if len(parts) > 1 and parts[1]:
            role = roles.get(parts[1].lower())
            if role is None:
                problems.append(
                    _("“%(role)s” (for %(name)s) is not a role: use leader, member or adviser.")
                    % {"role": parts[1], "name": parts[0]}
                )
                continue
        members.append(MemberLine(parts[0][:100], role, parts[2][:40] if len(parts) > 2 else ""))
    if problems:
        raise ValidationError({"members": problems})
    if not members:
        raise ValidationError({"members": _("Name at least one member.")})
    if not any(member.role == MemberRole.LEADER for member in members):
        raise ValidationError({"members": _("Name the team's leader (role: leader).")})
    return members


def registration_errors(*, enterprise, name: str, kind: str, year: int, number: str, topic: str):
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the team's name.")
    if kind not in TeamKind.values:
        errors["kind"] = _("Choose the kind of team.")
    if not topic.strip():
        errors["topic"] = _("Give this year's topic.")
    if not number.strip():
        errors["number"] = _("Give the registration number.")
    elif Registration.objects.filter(number=number.strip()).exists():
        errors["number"] = _("The registration number %(number)s is already taken.") % {
            "number": number.strip()
        }
    existing = Team.objects.filter(enterprise=enterprise, name=name.strip()).first()
    if existing and existing.registrations.filter(year=year).exists():
        errors["year"] = _("%(team)s is already registered for %(year)s.") % {
            "team": existing.name,
            "year": year,
        }
    return errors


@transaction.atomic
def register_team(
    *,
    actor,
    enterprise,
    name: str,
    kind: str,
    year: int,
    number: str,
    topic: str,
    members: list[MemberLine],
    workshop: str = "",
    industry: str = "",
    is_demo: bool = False,
) -> Registration:
    """Register a team for a year; the team is made the first time, found by name after."""
    errors = registration_errors(
        enterprise=enterprise, name=name, kind=kind, year=year, number=number, topic=topic
    )
    if errors:
        raise ValidationError(errors)
    team, created = Team.objects.get_or_create(
        enterprise=enterprise,
        name=name.strip(),
        defaults={
            "kind": kind,
            "workshop": workshop.strip(),
            "industry": industry or "manufacturing",
            "is_demo": is_demo,
        },
    )
    if not created:
        changed = {"kind": kind, "workshop": workshop.strip() or team.workshop}
        if industry:
            changed["industry"] = industry
        for field, value in changed.items():
            setattr(team, field, value)
        team.save(update_fields=list(changed))
    registration = Registration.objects.create(
        team=team,
        year=year,
        number=number.strip(),
        topic=topic.strip(),
        registered_by=actor if actor is not None and actor.is_authenticated else None,
    )
    for member in members:
        TeamMember(
            registration=registration,
            name=member.name,
            role=member.role,
            employee_number=member.employee_number,
        ).save()
    log_action(
        actor=actor,
        action="quality_team.register",
        obj=registration,
        changes={"year": [None, year], "members": [None, len(members)]},
    )
    return registration


@transaction.atomic
def add_result(
    *, actor, registration, title: str, method: str, summary: str = "", is_demo=False
) -> Result:
    if not title.strip():
        raise ValidationError({"title": _("Give the result's title.")})
    result = Result.objects.create(
        registration=registration,
        title=title.strip(),
        method=method,
        summary=summary.strip(),
        is_demo=is_demo,
    )
    log_action(actor=actor, action="quality_result.add", obj=result)
    return result
