"""Public group-standards pages: the catalogue, a standard with its draft and comment forms,
the handling table and its downloads."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.documents import DOCX
from qualitymonth.core.localized import localized
from qualitymonth.core.pdf import NoChineseFont
from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.core.spreadsheets import XLSX
from qualitymonth.organizations.models import Unit
from qualitymonth.organizations.selectors import units_acted_for
from qualitymonth.standards import diffs, documents, exports, selectors, services
from qualitymonth.standards.models import DRAFTABLE, PUBLIC_STATES, CommentKind, State
from qualitymonth.standards.views._common import errors as _errors


def _catalogue_key(request):
    """The catalogue's query string as the page shows it (core/cache.py): a public state and a
    page number; None (not kept) for anything else."""
    state, page = request.GET.get("state", ""), request.GET.get("page", "")
    if state and state not in PUBLIC_STATES:
        return None
    if page and not (page.isdigit() and len(page) <= 3):
        return None
    return (state, page)


# Standards and their proposers' names (organizations' units).
@anonymous_page("standards", "organizations", key=_catalogue_key)
def catalogue(request):
    state = request.GET.get("state", "")
    page = Paginator(selectors.catalogue(state=state), 50).get_page(request.GET.get("page"))
    for standard in page.object_list:
        standard.shown_title = localized(standard, "title")
    states = [(value, label) for value, label in State.choices if value in PUBLIC_STATES]
    return render(
        request,
        "standards/catalogue.html",
        {
            "page": page,
            "state": state,
            "states": states,
            "query": f"state={state}" if state else "",
        },
    )


def standard(request, pk):
    standard = selectors.standard_for(request.user, pk)
    version = selectors.current_version(standard)
    clauses = list(selectors.clauses_of(version)) if version else []
    units = Unit.objects.none()
    if request.user.is_authenticated:
        units = Unit.objects.filter(pk__in=units_acted_for(request.user, below=False))
    return render(
        request,
        "standards/standard.html",
        {
            "standard": standard,
            "title": localized(standard, "title"),
            "version": version,
            "clauses": clauses,
            "open": services.comments_open(standard),
            "kinds": CommentKind.choices,
            "units": units,
            "may_answer": request.user.has_perm("standards.answer", standard),
            "may_draft": request.user.has_perm("standards.draft", standard)
            and standard.state in DRAFTABLE,
            "may_manage": request.user.has_perm("standards.manage", standard),
            "drafting_units": selectors.drafting_units_of(standard),
            "revisions": selectors.revisions_of(standard),
            "versions": list(standard.versions.order_by("number")),
            "meeting": selectors.decided_meeting(standard),
            "adopters": list(selectors.adopters_of(standard)),
            "evaluations": selectors.evaluations_with_progress(standard),
            "adopting_units": (
                selectors.adopting_units(request.user)
                if request.user.has_perm("standards.adopt", standard)
                else []
            ),
        },
    )


@login_required
@require_POST
def comment(request, pk):
    clause = selectors.clause_for(request.user, pk)
    standard = clause.version.standard
    require_perm_or_404(request.user, "standards.comment", standard)
    unit = None
    if request.POST.get("unit"):
        acted = units_acted_for(request.user, below=False)
        unit = Unit.objects.filter(pk__in=acted, pk=request.POST["unit"]).first()
    try:
        services.add_comment(
            actor=request.user,
            clause=clause,
            kind=request.POST.get("kind", ""),
            comment=request.POST.get("comment", ""),
            proposed_change=request.POST.get("proposed_change", ""),
            unit=unit,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("Thank you: your comment on clause %(number)s is recorded.")
            % {"number": clause.number},
        )
    return redirect("standards:standard", standard.pk)


def _handling_standard(request, pk):
    """Public once final; until then only the working group and the secretariat see it."""
    standard = selectors.standard_for(request.user, pk)
    if standard.handling_final_at is None:
        require_perm_or_404(request.user, "standards.answer", standard)
    return standard


def handling(request, pk):
    standard = _handling_standard(request, pk)
    return render(
        request,
        "standards/handling.html",
        {"standard": standard, "comments": selectors.comments_of(standard)},
    )


def handling_file(request, pk, kind):
    standard = _handling_standard(request, pk)
    if kind == "xlsx":
        body, content_type = exports.handling_xlsx(standard), XLSX
    else:
        body, content_type = exports.handling_docx(standard), DOCX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="handling-{standard.pk}.{kind}"'
    return response


def diff(request, pk):
    """What changed between two versions of the draft, clause by clause."""
    standard = selectors.standard_for(request.user, pk)
    versions = list(standard.versions.order_by("number"))
    if len(versions) < 2:
        raise Http404
    by_number = {v.number: v for v in versions}
    new = by_number.get(_number(request.GET.get("to"))) or versions[-1]
    old = by_number.get(_number(request.GET.get("from")))
    if old is None or old.number >= new.number:
        old = next((v for v in reversed(versions) if v.number < new.number), versions[0])
    if old.number == new.number:
        old, new = versions[0], versions[1]
    changes = diffs.compare(selectors.clauses_of(old), selectors.clauses_of(new))
    return render(
        request,
        "standards/diff.html",
        {
            "standard": standard,
            "title": localized(standard, "title"),
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
            "summary": diffs.summary(changes),
        },
    )


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def standard_pdf(request, pk):
    """The published text; a standard without a number has none yet."""
    standard = selectors.standard_for(request.user, pk)
    if standard.state not in documents.PUBLISHED_STATES:
        raise Http404
    try:
        content = documents.standard_pdf(standard)
    except NoChineseFont:
        return render(request, "standards/no_font.html", status=503)
    response = HttpResponse(content, content_type="application/pdf")
    name = quote(f"{standard.number} {standard.title}.pdf".replace("/", "-"))
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


@login_required
@require_POST
def adopt(request, pk):
    """An enterprise declares that it applies the standard."""
    standard = selectors.standard_for(request.user, pk, "standards.adopt")
    unit = selectors.adopting_units(request.user).filter(pk=request.POST.get("unit") or 0).first()
    try:
        if unit is None:
            raise ValidationError(_("Choose the enterprise that applies the standard."))
        services.declare_adoption(
            actor=request.user,
            standard=standard,
            unit=unit,
            reference=request.POST.get("reference", ""),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, _("%(unit)s is listed as applying this standard.") % {"unit": unit.name}
        )
    return redirect("standards:standard", standard.pk)
