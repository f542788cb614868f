"""How an index run was computed, in the reader's language.

A run stores its method as plain English phrases (they are part of the record and never
change); pages and documents show them through this table, so a Chinese reader reads Chinese.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LABELS = {
    "version": gettext_lazy("Method version"),
    "aggregation": gettext_lazy("Aggregation"),
    "groups": gettext_lazy("Districts, streets and industries"),
    "interval": gettext_lazy("Confidence interval"),
    "ranks": gettext_lazy("Ranking rule"),
}
PHRASES = {
    "weighted arithmetic mean, weights renormalised over present items": gettext_lazy(
        "Weighted arithmetic mean; when an item is not answered, the weights of the items "
        "present are scaled up to sum to one"
    ),
    "mean of unit scores": gettext_lazy("The mean of the scores of the units in the group"),
    "competition ranks on scores to two decimals": gettext_lazy(
        "Scores rounded to two decimals; equal scores share a rank and the next rank is skipped"
    ),
}
T_INTERVAL = re.compile(r"^t interval, (\d+)%$")


def describe(method: dict) -> list[tuple[str, str]]:
    """(label, text) for each part of a stored method; anything unknown shown as stored."""
    lines = []
    for key, value in method.items():
        text = str(value)
        if text in PHRASES:
            text = str(PHRASES[text])
        elif match := T_INTERVAL.match(text):
            text = _("Student's t interval at %(level)s confidence") % {
                "level": f"{match.group(1)}%"
            }
        lines.append((str(LABELS.get(key, key)), text))
    return lines
