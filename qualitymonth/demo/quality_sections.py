"""Handlers for the quality sections of the demo fixtures: teams of the seed-002 enterprises
with members and topics over three years and their results. Everything is marked demo."""

import datetime
from collections import Counter
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qualitymonth.awards import services as awards
from qualitymonth.awards.data.rubric_templates import load_templates as load_award_templates
from qualitymonth.awards.models import Application, Criterion, Panel, Program, Round, Rubric
from qualitymonth.demo.loader import DEMO_PASSWORD, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.organizations.models import Position, Role, User
from qualitymonth.quality.data.rubric_templates import ITEMS, load_templates
from qualitymonth.quality.models import (
    Benefit,
    Case,
    CSRReport,
    Honour,
    NationalOutcome,
    Registration,
    Result,
    SelfAssessment,
    StagedProgram,
    Team,
    TeamMember,
)
from qualitymonth.quality.services import cases, csr, records, stages
from qualitymonth.quality.services.teams import parse_members


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a document the demo names (its text in ASCII)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>endobj\n"
        + f"4 0 obj<</Length {len(stream)}>>stream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@section("quality_teams")
def load_quality_teams(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        team = save_if_changed(
            Team,
            {"enterprise": unit_by_key(row["enterprise"]), "name": row["name"]},
            {
                "kind": row["kind"],
                "industry": row.get("industry", "manufacturing"),
                "workshop": row.get("workshop", ""),
                "is_demo": True,
            },
            counts,
        )
        for year in row["years"]:
            registration = save_if_changed(
                Registration,
                {"number": year["number"]},
                {"team": team, "year": year["year"], "topic": year["topic"]},
                counts,
            )
            if not registration.members.exists():
                for member in parse_members(year["members"]):
                    TeamMember(
                        registration=registration,
                        name=member.name,
                        role=member.role,
                        employee_number=member.employee_number,
                    ).save()
            for result in year.get("results", []):
                save_if_changed(
                    Result,
                    {"registration": registration, "title": result["title"]},
                    {
                        "method": result.get("method", "qc"),
                        "summary": result.get("summary", ""),
                        "is_demo": True,
                    },
                    counts,
                )
    return counts


def _staff(username: str, unit_key: str):
    """A reporter of the enterprise who enters its results (made once)."""
    user, _created = User.objects.get_or_create(
        username=username, defaults={"password": make_password(DEMO_PASSWORD)}
    )
    unit = unit_by_key(unit_key)
    Position.objects.get_or_create(user=user, unit=unit, role=Role.REPORTER)
    return user


def _judge(username: str, stage) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"password": make_password(DEMO_PASSWORD)}
    )
    panel, _created = Panel.objects.get_or_create(round=stage.round, name=f"{username} panel")
    panel.reviewers.add(user)
    return user


def _score(stage, judge, points: dict[str, int]) -> None:
    criteria = list(stage.round.rubric.criteria.all())
    for application in stage.round.applications.exclude(status="draft"):
        share = points[application.title] / 100
        assignment = awards.assign_reviewer(actor=None, application=application, reviewer=judge)
        awards.save_review(
            actor=judge,
            assignment=assignment,
            points={c.pk: str(round(c.max_points * Decimal(str(share)), 1)) for c in criteria},
            comment="",
        )
        awards.submit_review(actor=judge, assignment=assignment)


@section("quality_programs")
def load_quality_programs(rows: list[dict]) -> Counter:
    """Each program is built through the services, stage by stage, as the secretariat would:
    entries from the enterprises' 2026 results, scores by each stage's own panel."""
    counts = Counter()
    secretariat = User.objects.get(username="secretariat")
    for row in rows:
        if StagedProgram.objects.filter(title=row["title"]).exists():
            counts["unchanged"] += 1
            continue
        program, _created = Program.objects.get_or_create(
            key=row["program"]["key"],
            defaults={
                "code": row["program"]["code"],
                "name": row["program"]["name"],
                "name_en": row["program"].get("name_en", ""),
            },
        )
        if not Rubric.objects.filter(name=row["rubric"], is_template=True).exists():
            # The data migration made the templates; a flushed test database has lost them.
            load_award_templates(Rubric, Criterion)
            load_templates(Rubric, Criterion)
        template = Rubric.objects.get(name=row["rubric"], is_template=True)
        staged = stages.create_staged_program(
            actor=secretariat,
            program=program,
            year=row["year"],
            title=row["title"],
            stages=[
                {"level": s["level"], "quota": s["quota"], "rubric": template}
                for s in row["stages"]
            ],
            closes_at=timezone.now() + datetime.timedelta(days=30),
            is_demo=True,
        )
        first = staged.stages.get(position=1)
        stages.open_stage(actor=secretariat, stage=first)
        for entry in row["entries"]:
            staff = _staff(entry["staff"], entry["enterprise"])
            result = Result.objects.get(
                title=entry["result"], registration__team__enterprise__key=entry["enterprise"]
            )
            stages.apply_with_result(actor=staff, result=result, stage=first)
        # The entries are demo data like the program (later stages copy the flag on).
        Application.objects.filter(round_id=first.round_id).update(is_demo=True)
        Round.objects.filter(pk=first.round_id).update(
            closes_at=timezone.now() - datetime.timedelta(days=1)
        )
        first.round.refresh_from_db()
        awards.close_applications(actor=secretariat, round=first.round)
        for spec, stage in zip(row["stages"], staged.stages.order_by("position"), strict=True):
            if stage.position > 1:
                stages.open_stage(actor=secretariat, stage=stage)
            if "scores" not in spec:
                break
            _score(stage, _judge(spec["judge"], stage), spec["scores"])
            stages.close_stage(actor=secretariat, stage=stage)
        for outcome in row.get("outcomes", []):
            found = NationalOutcome.objects.get(program=staged, application__title=outcome["title"])
            stages.record_outcome(
                actor=secretariat, outcome=found, awarded=outcome["awarded"], grade=outcome["grade"]
            )
        counts["created"] += 1
    return counts


@section("quality_assessments")
def load_quality_assessments(rows: list[dict]) -> Counter:
    """GB/T 19580 self-assessments: each item's points as a share of its maximum."""
    counts = Counter()
    secretariat = User.objects.get(username="secretariat")
    for row in rows:
        enterprise = unit_by_key(row["enterprise"])
        if SelfAssessment.objects.filter(enterprise=enterprise, year=row["year"]).exists():
            counts["unchanged"] += 1
            continue
        share = Decimal(str(row["share"]))
        items = {
            code: {
                "points": (Decimal(points) * share).quantize(Decimal("0.1")),
                "strengths": row.get("strengths", ""),
                "improvements": row.get("improvements", ""),
            }
            for code, (_n, _e, points, _c) in ITEMS.items()
        }
        assessment = records.save_self_assessment(
            actor=None, enterprise=enterprise, year=row["year"], items=items, is_demo=True
        )
        if row.get("reviewed"):
            records.submit_self_assessment(actor=None, assessment=assessment)
            records.score_self_assessment(
                actor=secretariat,
                assessment=assessment,
                points={code: item["points"] * Decimal("0.9") for code, item in items.items()},
            )
        counts["created"] += 1
    return counts


@section("quality_benefits")
def load_quality_benefits(rows: list[dict]) -> Counter:
    counts = Counter()
    secretariat = User.objects.get(username="secretariat")
    for row in rows:
        result = Result.objects.get(title=row["result"])
        if Benefit.objects.filter(result=result, kind=row["kind"]).exists():
            counts["unchanged"] += 1
            continue
        benefit = records.claim_benefit(
            actor=None,
            result=result,
            kind=row["kind"],
            value=row["value"],
            unit=row["unit"],
            evidence=_pdf(row["evidence"], "Demo evidence") if row.get("evidence") else None,
        )
        if row.get("confirmed") and not row.get("evidence"):
            raise ValueError(f"The demo benefit of {row['result']} is confirmed without evidence.")
        if row.get("confirmed"):
            records.confirm_benefit(actor=secretariat, benefit=benefit)
        counts["created"] += 1
    return counts


@section("quality_csr")
def load_quality_csr(rows: list[dict]) -> Counter:
    """Data sheets, with a stand-in PDF where `pdf` names one; checked with a note, then
    published, unless marked otherwise."""
    counts = Counter()
    secretariat = User.objects.get(username="secretariat")
    for row in rows:
        enterprise = unit_by_key(row["enterprise"])
        if CSRReport.objects.filter(enterprise=enterprise, year=row["year"]).exists():
            counts["unchanged"] += 1
            continue
        report = csr.submit_csr_report(
            actor=None,
            enterprise=enterprise,
            year=row["year"],
            industry=row["industry"],
            pdf=_pdf(row["pdf"], f"Demo CSR report {row['year']}") if row.get("pdf") else None,
            figures=[
                {"indicator": k, "value": str(v[0]), "unit": v[1]} for k, v in row["sheet"].items()
            ],
            is_demo=True,
        )
        if row.get("published", True) or row.get("check_note"):
            csr.check_report(
                actor=secretariat,
                report=report,
                note=row.get("check_note", "报告与数据表已核对。"),
            )
        if row.get("published", True):
            csr.publish_report(actor=secretariat, report=report)
        counts["created"] += 1
    return counts


@section("quality_cases")
def load_quality_cases(rows: list[dict]) -> Counter:
    """Cases: promoted from a demo result (with consent) or recorded as they were."""
    counts = Counter()
    for row in rows:
        if Case.objects.filter(title=row["title"]).exists():
            counts["unchanged"] += 1
            continue
        if row.get("result"):
            result = Result.objects.get(title=row["result"])
            staff = User.objects.get(username=row["consent_by"])
            cases.promote_result(
                actor=staff,
                result=result,
                consent=True,
                summary=row.get("summary", ""),
                benefits=row.get("benefits", ""),
                patents=row.get("patents", 0),
            )
        else:
            Case.objects.create(
                enterprise=unit_by_key(row["enterprise"]),
                title=row["title"],
                industry=row["industry"],
                method=row["method"],
                summary=row["summary"],
                benefits=row.get("benefits", ""),
                patents=row.get("patents", 0),
                is_demo=True,
            )
        counts["created"] += 1
    return counts


@section("quality_honours")
def load_quality_honours(rows: list[dict]) -> Counter:
    """Honours from other bodies, each with a stand-in proof; confirmed where marked."""
    counts = Counter()
    secretariat = User.objects.get(username="secretariat")
    for row in rows:
        enterprise = unit_by_key(row["enterprise"])
        if Honour.objects.filter(enterprise=enterprise, name=row["name"], year=row["year"]):
            counts["unchanged"] += 1
            continue
        honour = cases.record_honour(
            actor=None,
            enterprise=enterprise,
            name=row["name"],
            body=row["body"],
            level=row["level"],
            year=row["year"],
            proof=_pdf(row["proof"], "Demo certificate"),
            is_demo=True,
        )
        if row.get("confirmed"):
            cases.confirm_honour(actor=secretariat, honour=honour)
        counts["created"] += 1
    return counts
