"""The secretariat sets up evaluations and rounds and opens and closes collection."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from qualitymonth.core.services import diff_fields, log_action
from qualitymonth.core.versions import check_version, shown, version_of
from qualitymonth.surveys.models import (
    Evaluation,
    IndicatorSystem,
    Instrument,
    Round,
    RoundStatus,
)
from qualitymonth.surveys.services.systems import copy_nodes


def _free_key(name: str) -> str:
    """A key from the name's pinyin (文明指数 → wen-ming-zhi-shu), numbered when taken."""
    from pypinyin import lazy_pinyin  # half a second to load: not at the server's start

    stem = slugify("-".join(lazy_pinyin(name)))[:70] or "evaluation"
    key, n = stem, 1
    while Evaluation.objects.filter(key=key).exists():
        n += 1
        key = f"{stem}-{n}"
    return key


def _copy_system(source: IndicatorSystem, evaluation: Evaluation) -> IndicatorSystem:
    copy = IndicatorSystem.objects.create(
        evaluation=evaluation,
        version=1,
        note=_("copied from %(evaluation)s, version %(version)s")
        % {"evaluation": source.evaluation.name, "version": source.version},
        weighting=source.weighting,
        ahp_matrix=source.ahp_matrix,
    )
    copy_nodes(source, copy)
    return copy


@transaction.atomic
def create_evaluation(
    *,
    name: str,
    unit_of_analysis: str,
    actor,
    key: str = "",
    name_zh_hant: str = "",
    name_en: str = "",
    description: str = "",
    copy_system: IndicatorSystem | None = None,
) -> Evaluation:
    """A new evaluation with its first indicator system: empty, or a copy of another one."""
    if key and Evaluation.objects.filter(key=key).exists():
        raise ValidationError(
            {"key": _("Another evaluation already uses this key.")}, code="key_taken"
        )
    evaluation = Evaluation.objects.create(
        key=key or _free_key(name_en or name),
        name=name,
        name_zh_hant=name_zh_hant,
        name_en=name_en,
        description=description,
        unit_of_analysis=unit_of_analysis,
    )
    if copy_system is not None:
        system = _copy_system(copy_system, evaluation)
    else:
        system = IndicatorSystem.objects.create(evaluation=evaluation, version=1)
    log_action(
        actor=actor,
        action="surveys.evaluation.create",
        obj=evaluation,
        changes={
            "key": evaluation.key,
            "unit_of_analysis": unit_of_analysis,
            "system": f"v{system.version}" + (f" ← {copy_system}" if copy_system else ""),
        },
    )
    return evaluation


def _check_parts(evaluation, system, instrument, starts, ends) -> None:
    errors = {}
    if system.evaluation_id != evaluation.pk:
        errors["system"] = _("This indicator system belongs to another evaluation.")
    if instrument.evaluation_id != evaluation.pk:
        errors["instrument"] = _("This instrument belongs to another evaluation.")
    if starts and ends and ends < starts:
        errors["collection_ends"] = _("Collection cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _state(round_: Round) -> dict:
    return {
        "system": round_.system_id,
        "instrument": round_.instrument_id,
        "collection_starts": round_.collection_starts,
        "collection_ends": round_.collection_ends,
        "public_link": bool(round_.public_link),
        "pls_scaled": round_.pls_scaled,
        "inspectors": sorted(round_.inspectors.values_list("pk", flat=True)),
    }


def round_version(round_: Round) -> str:
    """The version a round's edit form is opened with (see core.versions)."""
    return version_of(_state(round_))


def _check_round_version(round_: Round, version: str | None) -> None:
    """Refuse a save from a page opened before another save of this round (the round row is
    locked by now), naming what changed with its current value."""
    labels = {
        "system": _("Indicator system"),
        "instrument": _("Instrument"),
        "collection_starts": _("Collection from"),
        "collection_ends": _("Collection until"),
        "public_link": _("Public link: anyone with the link may answer without signing in"),
        "pls_scaled": _("Standardise the answers in the satisfaction model"),
        "inspectors": _("Inspectors"),
    }
    display = {
        "system": shown(str(round_.system)),
        "instrument": shown(str(round_.instrument)),
        "inspectors": shown([str(person) for person in round_.inspectors.order_by("username")]),
    }
    check_version(version, _state(round_), labels=labels, display=display)


@transaction.atomic
def create_round(
    *,
    evaluation: Evaluation,
    year: int,
    system: IndicatorSystem,
    instrument: Instrument,
    actor,
    collection_starts=None,
    collection_ends=None,
    public_link: bool = False,
    inspectors=(),
    pls_scaled: bool = True,
) -> Round:
    """A round in preparation; collection opens when the secretariat opens it."""
    _check_parts(evaluation, system, instrument, collection_starts, collection_ends)
    if Round.objects.filter(evaluation=evaluation, year=year).exists():
        raise ValidationError(
            {"year": _("This evaluation already has a round for that year.")}, code="year_taken"
        )
    round_ = Round.objects.create(
        evaluation=evaluation,
        year=year,
        system=system,
        instrument=instrument,
        collection_starts=collection_starts,
        collection_ends=collection_ends,
        public_link=uuid.uuid4() if public_link else None,
        pls_scaled=pls_scaled,
        status=RoundStatus.DRAFT,
    )
    round_.inspectors.set(inspectors)
    log_action(
        actor=actor,
        action="surveys.round.create",
        obj=round_,
        changes=diff_fields({}, {"year": year, **_state(round_)}),
    )
    return round_


@transaction.atomic
def update_round(
    *,
    round_: Round,
    system: IndicatorSystem,
    instrument: Instrument,
    actor,
    collection_starts=None,
    collection_ends=None,
    public_link: bool = False,
    inspectors=(),
    pls_scaled: bool = True,
    version: str | None = None,
) -> Round:
    """Change a round's set-up; its instrument and system stay fixed once answers exist.
    `version`: the one the edit form was opened with; a stale one is refused."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _check_round_version(round_, version)
    _check_parts(round_.evaluation, system, instrument, collection_starts, collection_ends)
    if round_.responses.exists():
        errors = {}
        if instrument.pk != round_.instrument_id:
            errors["instrument"] = _(
                "The round already has answers: its instrument can no longer be changed."
            )
        if system.pk != round_.system_id:
            errors["system"] = _(
                "The round already has answers: its indicator system can no longer be changed."
            )
        if errors:
            raise ValidationError(errors, code="has_answers")
    before = _state(round_)
    round_.system = system
    round_.instrument = instrument
    round_.collection_starts = collection_starts
    round_.collection_ends = collection_ends
    round_.pls_scaled = pls_scaled
    if public_link and not round_.public_link:
        round_.open_public_link()
    elif not public_link:
        round_.public_link = None
    round_.save()
    round_.inspectors.set(inspectors)
    changes = diff_fields(before, _state(round_))
    if changes:
        log_action(actor=actor, action="surveys.round.update", obj=round_, changes=changes)
    return round_


@transaction.atomic
def open_collection(*, round_: Round, actor) -> Round:
    """Inspectors (and the public link, when set) may answer from now on."""
    round_ = Round.objects.select_for_update().select_related("instrument").get(pk=round_.pk)
    if round_.status == RoundStatus.COLLECTING:
        return round_
    if not round_.instrument.questions.exists():
        raise ValidationError(
            _("The round's instrument has no questions: attach a form before opening."),
            code="no_questions",
        )
    before = round_.status
    round_.status = RoundStatus.COLLECTING
    round_.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="surveys.round.open",
        obj=round_,
        changes={"status": [before, round_.status]},
    )
    return round_


@transaction.atomic
def close_collection(*, round_: Round, actor) -> Round:
    """No more answers; those stored stay as they are."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.COLLECTING:
        return round_
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="surveys.round.close",
        obj=round_,
        changes={"status": [RoundStatus.COLLECTING, RoundStatus.CLOSED]},
    )
    return round_
