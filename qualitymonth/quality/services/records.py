"""An enterprise's self-assessment against GB/T 19580 and the benefits its results claim."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import attachment_content_type, store_on_commit
from qualitymonth.quality.data.rubric_templates import ITEMS
from qualitymonth.quality.models import AssessmentItem, Benefit, BenefitKind, SelfAssessment

# The units each kind of benefit may be given in, and the factor to the unit totals use.
# Electricity to standard coal: 0.1229 kgce per kWh (GB/T 2589-2020, equivalent value).
BENEFIT_UNITS = {
    BenefitKind.COST: {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)},
    BenefitKind.ENERGY: {
        "tce": Decimal(1),
        "万tce": Decimal(10000),
        "kWh": Decimal("0.0001229"),
        "万kWh": Decimal("1.229"),
    },
    BenefitKind.DEFECTS: {"件": Decimal(1), "ppm": Decimal(1), "%": Decimal(1)},
}
TOTAL_UNITS = {BenefitKind.COST: "万元", BenefitKind.ENERGY: "tce"}


def _points(raw, maximum: int, label: str) -> tuple[Decimal | None, str | None]:
    if raw in (None, ""):
        return None, None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None, _("%(item)s: write a number.") % {"item": label}
    if not value.is_finite() or value < 0 or value > maximum:
        return None, _("%(item)s: give between 0 and %(max)s points.") % {
            "item": label,
            "max": maximum,
        }
    return value, None


def _checked_points(points: dict) -> dict:
    parsed, errors = {}, []
    for code, raw in points.items():
        if code not in ITEMS:
            errors.append(_("%(code)s is not an item of GB/T 19580.") % {"code": code})
            continue
        name, _name_en, maximum, _category = ITEMS[code]
        value, error = _points(raw, maximum, f"{code} {name}")
        if error:
            errors.append(error)
        parsed[code] = value
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def save_self_assessment(*, actor, enterprise, year: int, items: dict, is_demo=False):
    """`items`: code → {"points", "strengths", "improvements"}; every item is checked against
    its maximum before anything is saved."""
    parsed = _checked_points({code: item.get("points") for code, item in items.items()})
    assessment, _created = SelfAssessment.objects.select_for_update().get_or_create(
        enterprise=enterprise, year=year, defaults={"is_demo": is_demo}
    )
    if assessment.submitted_at:
        raise ValidationError(_("The self-assessment is submitted; it cannot change now."))
    for code, value in parsed.items():
        AssessmentItem.objects.update_or_create(
            assessment=assessment,
            code=code,
            defaults={
                "self_points": value,
                "strengths": (items[code].get("strengths") or "").strip(),
                "improvements": (items[code].get("improvements") or "").strip(),
            },
        )
    log_action(actor=actor, action="quality_assessment.save", obj=assessment)
    return assessment


@transaction.atomic
def submit_self_assessment(*, actor, assessment) -> SelfAssessment:
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    missing = set(ITEMS) - set(
        assessment.items.filter(self_points__isnull=False).values_list("code", flat=True)
    )
    if missing:
        raise ValidationError(
            _("Give points for every item first: %(items)s.")
            % {"items": "、".join(sorted(missing))}
        )
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["submitted_at"])
    log_action(actor=actor, action="quality_assessment.submit", obj=assessment)
    return assessment


@transaction.atomic
def score_self_assessment(*, actor, assessment, points: dict) -> SelfAssessment:
    """A reviewer's points per item; every change is in the audit trail."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.submitted_at:
        raise ValidationError(_("The enterprise has not submitted its self-assessment yet."))
    parsed = _checked_points(points)
    existing = {item.code: item for item in assessment.items.all()}
    changes = {}
    for code, value in parsed.items():
        item = existing.get(code) or AssessmentItem(assessment=assessment, code=code)
        if item.reviewer_points != value:
            changes[code] = [str(item.reviewer_points), str(value)]
            item.reviewer_points = value
            item.save()
    assessment.scored_at = timezone.now()
    assessment.save(update_fields=["scored_at"])
    log_action(actor=actor, action="quality_assessment.score", obj=assessment, changes=changes)
    return assessment


def benefit_errors(*, kind: str, value, unit: str) -> dict:
    errors = {}
    if kind not in BenefitKind.values:
        errors["kind"] = _("Choose the kind of benefit.")
    if not (unit or "").strip():
        errors["unit"] = _("Give the unit of the figure (e.g. 万元, tce, 件).")
    elif kind in BenefitKind.values and unit.strip() not in BENEFIT_UNITS[kind]:
        errors["unit"] = _("For this kind of benefit write the unit as one of: %(units)s.") % {
            "units": "、".join(BENEFIT_UNITS[kind])
        }
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        errors["value"] = _("Write the figure as a number.")
    elif number <= 0:
        errors["value"] = _("A benefit is a positive figure.")
    return errors


@transaction.atomic
def claim_benefit(*, actor, result, kind: str, value, unit: str, evidence=None) -> Benefit:
    errors = benefit_errors(kind=kind, value=value, unit=unit)
    if errors:
        raise ValidationError(errors)
    benefit = Benefit(
        result=result, kind=kind, value=Decimal(str(value).strip()), unit=unit.strip()
    )
    if evidence is not None:
        try:
            attachment_content_type(evidence)
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from None
        benefit.evidence_name = (getattr(evidence, "name", "") or "evidence")[-255:]
        store_on_commit(benefit, "evidence", evidence, benefit.evidence_name)
    benefit.save()
    log_action(actor=actor, action="quality_benefit.claim", obj=benefit)
    return benefit


@transaction.atomic
def confirm_benefit(*, actor, benefit) -> Benefit:
    benefit = Benefit.objects.select_for_update().get(pk=benefit.pk)
    if benefit.confirmed_at:
        raise ValidationError(_("This benefit is already confirmed."))
    if not benefit.evidence:
        raise ValidationError(
            {
                "evidence": _(
                    "Evidence: a benefit is confirmed only with its evidence attached; ask the "
                    "enterprise to claim it again with the document."
                )
            }
        )
    benefit.confirmed_by = actor
    benefit.confirmed_at = timezone.now()
    benefit.save(update_fields=["confirmed_by", "confirmed_at"])
    log_action(actor=actor, action="quality_benefit.confirm", obj=benefit)
    return benefit
