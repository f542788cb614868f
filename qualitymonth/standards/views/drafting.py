"""The working group's pages: its standards, proposing one, editing the draft's clauses,
importing a Word draft, answering the comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.standards import importing, selectors, services
from qualitymonth.standards.forms import ProposalForm
from qualitymonth.standards.models import Decision
from qualitymonth.standards.views._common import errors as _errors


@login_required
def answers(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.answer")
    comments = selectors.comments_of(standard)
    if request.method == "POST":
        comment = comments.filter(pk=request.POST.get("comment") or 0).first()
        try:
            if comment is None:
                raise ValidationError(_("Choose a comment to answer."))
            services.answer_comment(
                actor=request.user,
                comment=comment,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The answer is saved."))
        return redirect("standards:answers", standard.pk)
    return render(
        request,
        "standards/answers.html",
        {"standard": standard, "comments": comments, "decisions": Decision.choices},
    )


@login_required
@require_POST
def finalise(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.answer")
    try:
        services.finalise_handling(actor=request.user, standard=standard)
    except ValidationError as error:
        _errors(request, error)
        return redirect("standards:answers", standard.pk)
    messages.success(request, _("The handling table is final."))
    return redirect("standards:handling", standard.pk)


@login_required
def import_draft(request, pk):
    """The working group uploads a Word draft; its headings become the next version's clauses."""
    standard = selectors.standard_for(request.user, pk, "standards.draft")
    if request.method == "POST":
        try:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose the Word (DOCX) file of the draft."))
            version = importing.import_draft(
                actor=request.user,
                standard=standard,
                upload=upload,
                note=request.POST.get("note", ""),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, _("Version %(number)s is added.") % {"number": version.number}
            )
            return redirect("standards:standard", standard.pk)
    return render(request, "standards/import.html", {"standard": standard})


@login_required
def mine(request):
    """Standards the user's units propose or draft, in their drafting stages."""
    page = Paginator(selectors.worked_on_by(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "standards/mine.html",
        {"page": page, "may_propose": request.user.has_perm("standards.propose")},
    )


@permission_required("standards.propose")
def propose(request):
    form = ProposalForm(
        request.POST or None,
        proposers=selectors.proposer_choices(request.user),
        drafting_units=selectors.drafting_unit_choices(),
    )

    def save(data):
        return services.propose(actor=request.user, **data)

    standard = save_with(request, form, save, _("The proposal is sent to the secretariat."))
    if standard:
        return redirect("standards:standard", standard.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "standards/propose.html", {"form": form}, status=status)


EXTRA_ROWS = 3


def _posted_clauses(post) -> list[services.ClauseLine]:
    """The clause rows of the form in their order; a row left empty is dropped."""
    lines = []
    for index in range(int(post.get("rows") or 0)):
        number = post.get(f"number-{index}", "").strip()
        heading = post.get(f"heading-{index}", "").strip()
        text = post.get(f"text-{index}", "").strip()
        if number or heading or text:
            lines.append(services.ClauseLine(number, heading, text))
    return lines


@login_required
def edit(request, pk):
    """The working group edits the clauses on the web; saving adds the next version."""
    standard = selectors.standard_for(request.user, pk, "standards.draft")
    version = selectors.current_version(standard)
    status = 200
    if request.method == "POST":
        lines = _posted_clauses(request.POST)
        try:
            version = services.add_version(
                actor=request.user,
                standard=standard,
                clauses=lines,
                note=request.POST.get("note", ""),
            )
        except ValidationError as error:
            _errors(request, error)
            status = 400
        else:
            messages.success(
                request, _("Version %(number)s is added.") % {"number": version.number}
            )
            return redirect("standards:standard", standard.pk)
    else:
        lines = [
            services.ClauseLine(c.number, c.heading, c.text)
            for c in (selectors.clauses_of(version) if version else [])
        ]
    rows = lines + [services.ClauseLine("", "", "")] * EXTRA_ROWS
    return render(
        request,
        "standards/edit.html",
        {
            "standard": standard,
            "version": version,
            "rows": rows,
            "note": request.POST.get("note", ""),
        },
        status=status,
    )
