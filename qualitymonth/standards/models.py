"""Group standards (团体标准): a standard's life cycle, its numbered draft versions and clauses,
and the public comments on clauses with the working group's answers."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved for drafting")
    DRAFTING = "drafting", _("drafting")
    COMMENT = "comment", _("public comment")
    REVIEW = "review", _("review")
    PUBLISHED = "published", _("published")
    REVISED = "revised", _("revised")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REJECTED = "rejected", _("not approved")


# Before public comment only the proposer, the drafting units and the secretariat see a standard.
DRAFT_STATES = (State.PROPOSED, State.APPROVED, State.DRAFTING, State.REJECTED)
PUBLIC_STATES = (State.COMMENT, State.REVIEW, State.PUBLISHED, State.REVISED, State.WITHDRAWN)
# A new draft version may be added in these states (not while the public comments).
DRAFTABLE = (State.APPROVED, State.DRAFTING, State.REVIEW)


class ReviewDecision(models.TextChoices):
    PASS = "pass", _("pass")
    PASS_WITH_CHANGES = "pass_with_changes", _("pass with changes")
    FAIL = "fail", _("fail")


class Standard(models.Model):
    title = models.CharField(_("title"), max_length=300)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    scope = models.TextField(_("scope"))
    reason = models.TextField(_("reason"))
    related_standards = models.TextField(_("related national or industry standards"), blank=True)
    drafters = models.CharField(
        _("drafters"),
        max_length=500,
        blank=True,
        help_text=_("The main drafters' names as the foreword lists them, separated by commas."),
    )
    revises = models.ForeignKey(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    proposer = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("proposer unit"),
        on_delete=models.PROTECT,
        related_name="standards_proposed",
    )
    drafting_units = models.ManyToManyField(
        "organizations.Unit",
        verbose_name=_("drafting units"),
        related_name="standards_drafted",
        blank=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    plan_number = models.CharField(_("plan number"), max_length=40, blank=True)
    plan_starts_on = models.DateField(_("drafting starts"), null=True, blank=True)
    plan_ends_on = models.DateField(_("drafting ends"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for not approving"), blank=True)
    comment_opens_at = models.DateTimeField(_("public comment opens"), null=True, blank=True)
    comment_closes_at = models.DateTimeField(_("public comment closes"), null=True, blank=True)
    comment_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    handling_final_at = models.DateTimeField(_("handling table final"), null=True, blank=True)
    review_decision = models.CharField(
        _("review decision"), max_length=20, choices=ReviewDecision.choices, blank=True
    )
    number = models.CharField(_("number"), max_length=40, unique=True, null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_sequence = models.PositiveIntegerField(null=True, blank=True)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    implemented_on = models.DateField(_("implementation date"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group standard")
        verbose_name_plural = _("group standards")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_year", "number_sequence"], name="standard_number_per_year"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class NumberSequence(models.Model):
    """The last number given in a year; its row is the lock that keeps numbers sequential."""

    prefix = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="standard_sequence_year")
        ]

    def __str__(self):
        return f"{self.prefix} {self.year}: {self.last}"


class DraftVersion(models.Model):
    """A numbered draft; versions are kept forever so comments keep their clause."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.TextField(_("changes in this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft version")
        ordering = ["standard", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="draft_version_number")
        ]

    def __str__(self):
        return f"{self.standard.title} v{self.number}"


class Clause(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField(_("clause number"), max_length=20)
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("clause")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="clause_number_per_version")
        ]

    def __str__(self):
        return f"{self.number} {self.heading}"


class CommentKind(models.TextChoices):
    GENERAL = "ge", _("general")
    TECHNICAL = "te", _("technical")
    EDITORIAL = "ed", _("editorial")


class Comment(models.Model):
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="standard_comments"
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=2, choices=CommentKind.choices)
    comment = models.TextField(_("comment"))
    proposed_change = models.TextField(_("proposed change"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        ordering = ["clause__order", "created_at", "id"]

    def __str__(self):
        return f"{self.clause.number}: {self.comment[:60]}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")


class Answer(models.Model):
    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="answer")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")

    def __str__(self):
        return self.get_decision_display()


class ReviewMeeting(models.Model):
    """审查会: the panel of experts reviews the draft for review; its decision lets the
    standard be published (pass, pass with changes) or not (fail: another meeting later)."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="review_meetings")
    held_on = models.DateField(_("date of the meeting"))
    starts_at = models.TimeField(_("starts at"), default=datetime.time(9, 0))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # The meeting as an event: in the experts' calendars, their tickets checked in at the door.
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=ReviewDecision.choices, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review meeting")
        ordering = ["standard", "-held_on", "-id"]

    def __str__(self):
        return f"{self.standard.title} {self.held_on}"


class PanelMember(models.Model):
    """An expert on the review panel, with their own conclusion and comments."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="standard_reviews",
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    is_chair = models.BooleanField(_("chair of the panel"), default=False)
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=ReviewDecision.choices, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    # Set when a conflict declared after the expert joined made them step back: their
    # conclusion stops counting and their ticket is cancelled.
    recusal_reason = models.CharField(_("reason for recusal"), max_length=300, blank=True)
    registration = models.ForeignKey(
        "events.Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("panel member")
        ordering = ["meeting", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "expert"], name="panel_member_once")
        ]

    def __str__(self):
        return str(self.expert)


class PanelConflict(models.Model):
    """A conflict of interest an expert declared for a review meeting, with a unit: it counts
    when the unit is the proposer, a drafting unit or a unit above one (core's rule, as for
    the award reviews)."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="standard_conflicts",
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        ordering = ["meeting", "declared_at", "id"]

    def __str__(self):
        return f"{self.expert} ↔ {self.unit}"


class Adoption(models.Model):
    """An enterprise declares that it applies a standard, citing its own standards
    self-declaration (企业标准自我声明) where the standard is named."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="adoptions")
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="standard_adoptions",
    )
    reference = models.CharField(_("self-declaration reference"), max_length=200)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_on = models.DateField(_("declared on"))
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("adoption")
        ordering = ["standard", "declared_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "unit"], name="adoption_once_per_unit")
        ]

    def __str__(self):
        return f"{self.unit} · {self.standard}"


class PilotLevel(models.TextChoices):
    CITY = "city", _("city")
    NATIONAL = "national", _("national")


class PilotProject(models.Model):
    """A standardisation pilot or demonstration project (标准化示范试点) of a unit."""

    title = models.CharField(_("title"), max_length=300)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="standard_pilots",
    )
    level = models.CharField(_("level"), max_length=20, choices=PilotLevel.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    acceptance_note = models.TextField(_("acceptance"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pilot project")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title


class PilotMilestone(models.Model):
    project = models.ForeignKey(PilotProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        ordering = ["project", "due_on", "id"]

    def __str__(self):
        return self.title


class EvaluationResult(models.TextChoices):
    EFFECTIVE = "effective", _("applied effectively")
    PARTLY = "partly", _("applied in part")
    REVISE = "revise", _("should be revised")


class Evaluation(models.Model):
    """The implementation evaluation (实施评价) of a standard in force: a survey round over its
    adopters (run in the surveys module) and the conclusion the association records."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="evaluations")
    held_on = models.DateField(_("date of the evaluation"))
    # The survey round over the adopters; blank only for evaluations recorded before rounds.
    survey_round = models.ForeignKey(
        "surveys.Round",
        verbose_name=_("survey round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopters_surveyed = models.PositiveIntegerField(_("adopters surveyed"), default=0)
    responses = models.PositiveIntegerField(_("adopters who answered"), default=0)
    survey = models.CharField(
        _("survey round"),
        max_length=300,
        blank=True,
        help_text=_("The survey round over the adopters: its title or address."),
    )
    result = models.CharField(
        _("result"), max_length=20, choices=EvaluationResult.choices, blank=True
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("implementation evaluation")
        ordering = ["standard", "-held_on", "-id"]

    def __str__(self):
        return f"{self.standard} {self.held_on}"
