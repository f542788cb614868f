"""Questionnaires and inspection checklists, kept as the XLSForm definition pyxform reads."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.chinese import to_traditional

# The texts an XLSForm may give in several languages (`label::English (en)`, …).
TRANSLATED_FIELDS = ("label", "hint", "constraint_message", "required_message")


def in_reader_language(base: str, texts: dict | None) -> str:
    """The text in the reader's language; else the form's default text (`base`).

    A Traditional-Chinese reader of a form with only Simplified Chinese reads it converted
    character by character, as `core.localized` does for records.
    """
    texts = texts or {}
    language = get_language() or "zh-hans"
    if language.startswith("en"):
        return texts.get("en") or base
    if language == "zh-hant":
        return texts.get("zh-hant") or to_traditional(texts.get("zh-hans") or base)
    return texts.get("zh-hans") or base


class InstrumentKind(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("questionnaire")
    CHECKLIST = "checklist", _("inspection checklist")


class Instrument(models.Model):
    evaluation = models.ForeignKey(
        "surveys.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="instruments",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=InstrumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    source_name = models.CharField(_("uploaded file"), max_length=200, blank=True)
    # pyxform's JSON form of the XLSForm, or the same shape written by the web editor.
    definition = models.JSONField(_("definition"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["evaluation", "title"]

    def __str__(self):
        return self.title


class QuestionType(models.TextChoices):
    INTEGER = "integer", _("whole number")
    DECIMAL = "decimal", _("number")
    TEXT = "text", _("text")
    SELECT_ONE = "select_one", _("one choice")
    SELECT_MULTIPLE = "select_multiple", _("several choices")
    PHOTO = "photo", _("photo")
    GEOPOINT = "geopoint", _("location")
    DATE = "date", _("date")
    NOTE = "note", _("note")
    # Not asked: worked out from other answers, or filled by the server (XLSForm metadata).
    CALCULATE = "calculate", _("calculation")
    START = "start", _("start time")
    END = "end", _("end time")
    TODAY = "today", _("date of the day")
    USERNAME = "username", _("user name")
    DEVICEID = "deviceid", _("device id")
    PHONENUMBER = "phonenumber", _("phone number")
    EMAIL = "email", _("e-mail")


# Filled by the server when the answers are stored, never by the person answering.
METADATA_TYPES = frozenset(
    {
        QuestionType.START,
        QuestionType.END,
        QuestionType.TODAY,
        QuestionType.USERNAME,
        QuestionType.DEVICEID,
        QuestionType.PHONENUMBER,
        QuestionType.EMAIL,
    }
)
# Nothing the person answering fills in: notes, calculations and metadata.
NOT_ASKED_TYPES = METADATA_TYPES | {QuestionType.NOTE, QuestionType.CALCULATE}


class Question(models.Model):
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=80)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    label = models.CharField(_("label"), max_length=500)
    hint = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    constraint = models.CharField(_("constraint"), max_length=500, blank=True)
    constraint_message = models.CharField(_("constraint message"), max_length=300, blank=True)
    relevant = models.CharField(_("shown when"), max_length=500, blank=True)
    required_message = models.CharField(_("required message"), max_length=300, blank=True)
    calculation = models.CharField(_("calculation"), max_length=1000, blank=True)
    # XLSForm choice_filter: which choices are offered, from the choice's columns and answers.
    choice_filter = models.CharField(_("choice filter"), max_length=500, blank=True)
    # [{"name": "yes", "label": "…", "score": 1.0, "columns": {…}}, …] for choice questions;
    # `columns` holds the choices sheet's other columns, what a choice_filter reads.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # The XLSForm's texts per platform language: {"en": {"label": "…", "hint": "…"}, …};
    # `label`, `hint` and the messages above hold the form's default language.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    indicator_code = models.CharField(
        _("indicator item"),
        max_length=20,
        blank=True,
        help_text=_("The code of the item this question scores, in the round's indicator system."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "name"],
                name="question_name_once",
                violation_error_message=_("Two questions have the same name."),
            )
        ]

    def __str__(self):
        return self.name

    def text(self, field: str) -> str:
        """A label, hint or message in the reader's language."""
        texts = {
            language: values[field]
            for language, values in (self.translations or {}).items()
            if values.get(field)
        }
        return in_reader_language(getattr(self, field), texts)

    @property
    def local_label(self) -> str:
        return self.text("label")

    def local_choices(self) -> list[dict]:
        """The choices with their labels in the reader's language."""
        return [
            {**choice, "label": in_reader_language(choice.get("label", ""), choice.get("labels"))}
            for choice in self.choices
        ]

    @property
    def scored(self) -> bool:
        return bool(self.indicator_code) and self.type in {
            QuestionType.INTEGER,
            QuestionType.DECIMAL,
            QuestionType.SELECT_ONE,
        }
