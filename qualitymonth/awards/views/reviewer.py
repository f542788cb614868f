"""The reviewer's desk: assigned applications, per-criterion scores, submit, recuse."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.awards import selectors, services
from qualitymonth.awards.forms import ReasonForm, ReviewForm
from qualitymonth.awards.scoring import points_text
from qualitymonth.awards.services.reviews import review_version
from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.questions.answers import displayed_answers


@permission_required("awards.use_review_desk")
def desk(request):
    return render(
        request, "awards/review_desk.html", {"assignments": selectors.assignments_of(request.user)}
    )


def review(request, pk):
    assignment = selectors.get_assignment_to_review(request.user, pk)
    application = assignment.application
    round_ = application.round
    criteria = list(round_.rubric.criteria.all())
    existing = getattr(assignment, "review", None)
    initial = {"comment": existing.comment if existing else ""}
    if existing:
        initial.update(
            {f"criterion_{s.criterion_id}": points_text(s.points) for s in existing.scores.all()}
        )
    initial["version"] = review_version(existing, criteria)
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)

    def save(data):
        saved = services.save_review(
            actor=request.user,
            assignment=assignment,
            points=form.points(),
            comment=data["comment"],
            version=data["version"],
        )
        if "submit" in request.POST:
            services.submit_review(actor=request.user, assignment=assignment)
        return saved

    message = (
        _("Your review was submitted and is now locked.")
        if "submit" in request.POST
        else _("Your scores were saved.")
    )
    if save_with(request, form, save, message):
        return redirect("awards:review", pk=assignment.pk)
    total, scored = form.typed_total(criteria)
    answers = displayed_answers(round_.fields.all(), application.answers, stored_key="{pk}")
    return render(
        request,
        "awards/review.html",
        {
            "assignment": assignment,
            "application": application,
            "round": round_,
            "form": form,
            "locked": existing is not None and existing.is_locked,
            "answers": answers,
            "has_answers": any(str(value).strip() for _label, value in answers),
            "attachments": list(application.attachments.select_related("kind").order_by("pk")),
            "total": points_text(total),
            "scored": scored,
            "criteria_count": len(criteria),
            "max_total": points_text(round_.rubric.max_total()),
            "recuse_form": ReasonForm(),
        },
    )


@require_POST
def recuse(request, pk):
    assignment = selectors.get_assignment_to_review(request.user, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why you step back from this application."))
        services.recuse(
            actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("awards:review", pk=assignment.pk)
    messages.success(request, _("You stepped back from this application."))
    return redirect("awards:desk")
