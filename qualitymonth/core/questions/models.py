"""The abstract custom question: one definition of its fields and kinds for every app."""

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.chinese import to_traditional
from qualitymonth.core.localized import localized


class QuestionKind(models.TextChoices):
    TEXT = "text", _("one line")
    LONG_TEXT = "long_text", _("several paragraphs")
    NUMBER = "number", pgettext_lazy("kind of answer", "number")
    DATE = "date", _("date")
    YES_NO = "yes_no", _("yes or no")
    CHOICE = "choice", _("one of a list")
    MULTIPLE_CHOICE = "multiple_choice", _("several of a list")


CHOICE_KINDS = (QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CustomQuestion(models.Model):
    """A question an organiser adds to a form, in three languages.

    The stored answer to a choice is the Simplified-Chinese text of the choice (so answers
    outlive a corrected translation); `choices_zh_hant` and `choices_en` only change what
    readers of those languages see, line by line in the same order.
    """

    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label (Simplified Chinese)"), max_length=200)
    label_zh_hant = models.CharField(_("label (Traditional Chinese)"), max_length=200, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.TextField(_("choices, one per line"), blank=True)
    choices_zh_hant = models.TextField(_("choices in Traditional Chinese, same order"), blank=True)
    choices_en = models.TextField(_("choices in English, same order"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text (Simplified Chinese)"), max_length=300, blank=True)
    help_text_zh_hant = models.CharField(
        _("help text (Traditional Chinese)"), max_length=300, blank=True
    )
    help_text_en = models.CharField(_("help text (English)"), max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def display_label(self) -> str:
        return localized(self, "label")

    @property
    def display_help_text(self) -> str:
        return localized(self, "help_text") if self.help_text else ""

    def choice_list(self) -> list[str]:
        """The stored values of the choices, in order."""
        return _lines(self.choices)

    def choice_pairs(self) -> list[tuple[str, str]]:
        """(stored value, what the reader sees) for each choice, in the reader's language."""
        values = self.choice_list()
        language = get_language() or "zh-hans"
        if language.startswith("en"):
            shown = _lines(self.choices_en)
        elif language == "zh-hant":
            shown = _lines(self.choices_zh_hant)
        else:
            shown = []
        pairs = []
        for index, value in enumerate(values):
            if index < len(shown):
                pairs.append((value, shown[index]))
            elif language == "zh-hant":
                pairs.append((value, to_traditional(value)))
            else:
                pairs.append((value, value))
        return pairs

    def display_answer(self, value) -> str:
        """A stored answer as people read it (是/否, the choice in the reader's language)."""
        from qualitymonth.core.questions.answers import display_answer

        return display_answer(self, value)
