"""Promoting a result to the case library, with the enterprise's consent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import attachment_content_type, store_on_commit
from qualitymonth.quality.models import Case, Honour, HonourLevel


@transaction.atomic
def promote_result(
    *, actor, result, consent: bool, summary: str = "", benefits: str = "", patents: int = 0
) -> Case:
    """The enterprise's staff promote its result; their ticked consent is recorded."""
    if not consent:
        raise ValidationError(
            {"consent": _("A result becomes a case only with the enterprise's consent.")}
        )
    if Case.objects.filter(result=result).exists():
        raise ValidationError(_("This result is already in the case library."))
    team = result.registration.team
    case = Case.objects.create(
        enterprise=team.enterprise,
        title=result.title,
        industry=team.industry,
        method=result.method,
        summary=(summary or result.summary or result.title).strip(),
        benefits=benefits.strip(),
        patents=max(int(patents or 0), 0),
        result=result,
        consent_by=actor if actor is not None and actor.is_authenticated else None,
        consent_at=timezone.now(),
        is_demo=result.is_demo,
    )
    log_action(actor=actor, action="quality_case.promote", obj=case)
    return case


@transaction.atomic
def record_honour(
    *, actor, enterprise, name: str, body: str, level: str, year: int, proof, is_demo=False
) -> Honour:
    """An honour from another body; the proof (PDF or picture) is required and checked."""
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the honour's name.")
    if not body.strip():
        errors["body"] = _("Give the body that awarded it.")
    if level not in HonourLevel.values:
        errors["level"] = _("Choose the level.")
    if proof is None:
        errors["proof"] = _("Attach the proof (the certificate or the published list).")
    else:
        try:
            attachment_content_type(proof)
        except ValidationError as error:
            errors["proof"] = error.messages
    if errors:
        raise ValidationError(errors)
    honour = Honour(
        enterprise=enterprise,
        name=name.strip(),
        body=body.strip(),
        level=level,
        year=year,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
        is_demo=is_demo,
    )
    honour.proof_name = (getattr(proof, "name", "") or "proof")[-255:]
    store_on_commit(honour, "proof", proof, honour.proof_name)
    honour.save()
    log_action(actor=actor, action="quality_honour.record", obj=honour)
    return honour


@transaction.atomic
def confirm_honour(*, actor, honour) -> Honour:
    """The secretariat has seen the proof: the honour counts from now on."""
    honour = Honour.objects.select_for_update(of=("self",)).get(pk=honour.pk)
    if honour.confirmed_at:
        raise ValidationError(_("This honour is already confirmed."))
    if not honour.proof:
        raise ValidationError(_("An honour without its proof cannot be confirmed."))
    honour.confirmed_by = actor
    honour.confirmed_at = timezone.now()
    honour.save(update_fields=["confirmed_by", "confirmed_at"])
    log_action(actor=actor, action="quality_honour.confirm", obj=honour)
    return honour
