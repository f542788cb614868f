"""Writes of the year's figures: recompute (worker), publish (freeze), enter by hand."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.figures import Figure, fingerprint
from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import check_attachment, store_checked_on_commit
from qualitymonth.figures.breakdowns import DISTRICT, by_district, dimension_of
from qualitymonth.figures.models import FigureValue, HandEntry, PublishedYear
from qualitymonth.figures.registry import all_figures, get_figure


def _value_of(figure: Figure, year: int) -> tuple[Decimal, str] | None:
    """The figure's value and its records' fingerprint; None for a hand-entered figure
    nobody has entered yet. A hand entry stands in for a computed figure too: a year before
    the platform held the records, entered from that year's report."""
    entry = HandEntry.objects.filter(key=figure.key, year=year).first()
    if entry is not None:
        return entry.value, fingerprint("hand", entry.pk, entry.value)
    if figure.hand_entered:
        return None
    value = Decimal(str(figure.compute(year)))
    records = figure.records(year) if figure.records else value
    return value, fingerprint(figure.version, records)


def _store(figure: Figure, year: int, values: dict, print_: str, now, demo=False) -> None:
    """The current (not frozen) value of each dimension ("" is the city's), in one statement:
    a year's recompute writes some 500 values."""
    FigureValue.objects.bulk_create(
        [
            FigureValue(
                key=figure.key,
                year=year,
                dimension=dimension,
                frozen=False,
                value=value,
                version=figure.version,
                fingerprint=print_,
                computed_at=now,
                is_demo=demo,
            )
            for dimension, value in values.items()
        ],
        update_conflicts=True,
        unique_fields=["key", "year", "dimension", "frozen"],
        update_fields=["value", "version", "fingerprint", "computed_at", "is_demo"],
    )


def recompute_year(year: int, keys=None, *, demo: bool = False) -> int:
    """Run by the worker: store every figure's current value (or only those of `keys`);
    frozen values stay as they were published. Returns how many values were stored."""
    now = timezone.now()
    stored = 0
    for figure in all_figures():
        if keys is not None and figure.key not in keys:
            continue
        result = _value_of(figure, year)
        if result is None:
            continue
        with transaction.atomic():
            _store(figure, year, {"": result[0]}, result[1], now, demo)
            hand = (
                figure.hand_entered or HandEntry.objects.filter(key=figure.key, year=year).exists()
            )
            _store_districts(figure, year, result[1], now, demo, hand=hand)
        stored += 1
    return stored


def _store_districts(figure: Figure, year: int, print_: str, now, demo: bool, *, hand) -> None:
    """The figure's value for each district, beside the city's and with its fingerprint;
    a district no longer in the breakdown loses its current value (it counts zero)."""
    breakdown = by_district(figure)
    current = FigureValue.objects.filter(
        key=figure.key, year=year, frozen=False, dimension__startswith=f"{DISTRICT}:"
    )
    if breakdown is None or hand:
        # A value entered by hand is the city's only: no district can be read from it.
        current.delete()
        return
    values = {dimension_of(key): value for key, value in breakdown(year).items()}
    current.exclude(dimension__in=values).delete()
    _store(
        figure,
        year,
        {dimension: Decimal(str(value)) for dimension, value in values.items()},
        print_,
        now,
        demo,
    )


def queue_recompute(year: int) -> None:
    from qualitymonth.figures.tasks import recompute_figures

    transaction.on_commit(lambda: recompute_figures.enqueue(year=year))


@transaction.atomic
def publish_year(*, actor, year: int, demo: bool = False) -> PublishedYear:
    """Freeze the year's current values as published; a republication replaces them."""
    current = list(FigureValue.objects.filter(year=year, frozen=False))
    if not current:
        raise ValidationError(
            _("Nothing to publish for %(year)s: compute the figures first.") % {"year": year}
        )
    FigureValue.objects.filter(year=year, frozen=True).delete()
    for row in current:
        row.pk = None
        row.frozen = True
        row.save()
    published, _created = PublishedYear.objects.update_or_create(
        year=year,
        defaults={"published_at": timezone.now(), "published_by": actor, "is_demo": demo},
    )
    log_action(
        actor=actor, action="figures.publish", obj=published, changes={"values": len(current)}
    )
    # The published figures are open data: the download follows the publication.
    from qualitymonth.figures.services_open_data import queue_open_data

    if not demo:  # the demo builds its download once, after everything is loaded
        queue_open_data()
    return published


@transaction.atomic
def enter_by_hand(*, actor, key: str, year: int, value, source) -> HandEntry:
    """A figure the platform cannot count: refused without its source document, which is
    checked by content; the file is written only when the row commits."""
    figure = get_figure(key)
    if figure is None or not figure.hand_entered:
        raise ValidationError(_("This figure is computed from the records, not entered by hand."))
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter the figure as a number.")) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(_("Enter the figure as a number of zero or more."))
    if not source:
        raise ValidationError(
            _("A hand-entered figure needs its source document: attach the report it comes from.")
        )
    checked = check_attachment(source, field=_("Source document"))
    entry = HandEntry(
        key=key,
        year=year,
        value=amount,
        source_name=checked.name(200),
        content_type=checked.content_type,
        entered_by=actor,
        entered_at=timezone.now(),
    )
    store_checked_on_commit(entry, "source", checked)
    entry.save()
    _store(figure, year, {"": amount}, fingerprint("hand", entry.pk, amount), entry.entered_at)
    log_action(
        actor=actor,
        action="figures.enter",
        obj=entry,
        changes={"value": [None, str(amount)], "source": [None, entry.source_name]},
    )
    return entry
