"""Responses collected elsewhere (XLSX/CSV): checked like the web form, each stored once."""

import datetime
import json
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from qualitymonth.core.imports import ImportResult, Limits, RowError, read_table
from qualitymonth.core.imports_jobs import Importer
from qualitymonth.core.services import log_action
from qualitymonth.core.spreadsheets import to_xlsx
from qualitymonth.organizations.models import UnitKind
from qualitymonth.surveys.models import (
    Answer,
    Industry,
    Question,
    QuestionType,
    Response,
    Round,
    Site,
    Source,
    UnitOfAnalysis,
)
from qualitymonth.surveys.services.frame import units_by_name
from qualitymonth.surveys.services.responses import Cleaned, clean_answers, item_ranges

MAX_ROWS = 20_000  # checked and stored within one request: about 20 s on a busy server
MAX_MEGABYTES = 10
PLACE = ["district", "street", "industry"]
FIXED = ["client_id", "response_id", "site", *PLACE, "submitted_at"]
NOT_IN_FILES = {QuestionType.NOTE, QuestionType.PHOTO}  # nothing to answer, or a file to upload
# Ids derived from a row are UUID5s in this namespace, so the same row always gets the same id.
NAMESPACE = uuid.UUID("6f1d2c1e-8d4b-5b8e-9a47-3c1f0e2a7b55")
CHUNK = 1000
# Text answers are at most 5,000 characters; an instrument has at most a few hundred questions.
LIMITS = Limits(
    rows=MAX_ROWS,
    columns=1000,
    cell_chars=5000,
    cells=5_000_000,
    bytes=MAX_MEGABYTES * 1024 * 1024,
    unzipped_bytes=200 * 1024 * 1024,
)


@dataclass
class ResponseImportResult(ImportResult):
    already_stored: int = 0


@dataclass
class GoodRow:
    number: int
    client_id: uuid.UUID
    site: Site | None
    place: dict
    submitted_at: datetime.datetime | None
    answers: dict[str, Cleaned]


def file_questions(round_: Round) -> list[Question]:
    """The questions a file can answer, in the form's order."""
    return [q for q in round_.instrument.questions.all() if q.type not in NOT_IN_FILES]


def template_columns(round_: Round) -> list[str]:
    questions = file_questions(round_)
    fixed = ["client_id", "site", "submitted_at"]
    if round_.evaluation.unit_of_analysis == UnitOfAnalysis.RESPONSE:
        fixed[2:2] = PLACE
    names = set(_fixed(questions))
    return [name for name in fixed if name in names] + [q.name for q in questions]


def template_xlsx(round_: Round) -> bytes:
    """An empty sheet headed by the columns, and the choice names each select question takes."""
    notes = [
        (q.name, [choice["name"] for choice in q.choices])
        for q in file_questions(round_)
        if q.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)
    ]
    return to_xlsx(template_columns(round_), [], sheet=_("Responses"), notes=notes or None)


def _text(cell) -> str:
    """A cell as the web form would have sent it: 8 not 8.0, dates as YYYY-MM-DD."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time():
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def _moment(text: str) -> datetime.datetime | None:
    if not text:
        return None
    text = text.replace("/", "-")
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(text)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class _Ids:
    """The client id of each row: given, from a response_id, or from the row's content."""

    def __init__(self, round_: Round):
        self.round_pk = round_.pk
        self.times: dict[str, int] = {}

    def of(self, fixed: dict, answers: dict) -> tuple[uuid.UUID, str]:
        if fixed.get("client_id"):
            return uuid.UUID(fixed["client_id"]), "client_id"
        if fixed.get("response_id"):
            name = f"{self.round_pk}/id/{fixed['response_id']}"
            return uuid.uuid5(NAMESPACE, name), "response_id"
        content = {name: value for name, value in fixed.items() if value}
        try:
            moment = _moment(content.get("submitted_at", ""))
            if moment is not None:
                content["submitted_at"] = moment.isoformat()
        except ValueError:
            pass  # the row is refused for it anyway
        content["answers"] = {name: value for name, value in answers.items() if value}
        key = json.dumps(content, ensure_ascii=False, sort_keys=True)
        # Two paper forms may carry the same answers: the second copy gets its own id.
        seen = self.times[key] = self.times.get(key, 0) + 1
        return uuid.uuid5(NAMESPACE, f"{self.round_pk}/row/{seen}/{key}"), ""


def _fixed(questions: list[Question]) -> list[str]:
    """The columns that are not answers; a question of the same name takes the column."""
    names = {q.name for q in questions}
    return [name for name in FIXED if name not in names]


def _heading(table: list[list], questions: list[Question], result) -> list[tuple[int, str, bool]]:
    """(index, name, is a question) of every named column; unknown or repeated ones reported."""
    names, fixed = {q.name for q in questions}, _fixed(questions)
    columns, unknown, twice = [], [], []
    for index, cell in enumerate(table[0]):
        text = _text(cell)
        if not text:
            continue
        name = text if text in names else text.lower()
        if name not in names and name not in fixed:
            unknown.append(text)
        elif any(name == known for _index, known, _question in columns):
            twice.append(text)
        columns.append((index, name, name in names))
    if unknown:
        result.file_errors.append(
            _("The file has columns that are not in the template: %(names)s.")
            % {"names": ", ".join(unknown)}
        )
    if twice:
        result.file_errors.append(
            _("These columns appear more than once: %(names)s.") % {"names": ", ".join(twice)}
        )
    return columns


def _stored(round_: Round, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    found, ids = set(), list(ids)
    for start in range(0, len(ids), CHUNK):
        found.update(
            Response.objects.filter(round=round_, client_id__in=ids[start : start + CHUNK])
            .values_list("client_id", flat=True)
            .iterator()
        )
    return found


def _read(upload, result) -> list[list] | None:
    """The table, or None with the file's error in the result."""
    if upload.size > MAX_MEGABYTES * 1024 * 1024:
        result.file_errors.append(
            _("The file is larger than %(limit)s MB; split it.") % {"limit": MAX_MEGABYTES}
        )
        return None
    try:
        table = read_table(upload, LIMITS)
    except ValidationError as error:
        result.file_errors.extend(error.messages)
        return None
    if len(table) - 1 > MAX_ROWS:
        result.file_errors.append(
            _("The file has more than %(limit)s rows; split it.") % {"limit": MAX_ROWS}
        )
        return None
    return table


def check_responses(
    round_: Round, upload, progress=None
) -> tuple[ResponseImportResult, list[GoodRow]]:
    """Read and check every row; nothing is stored."""
    result = ResponseImportResult()
    table = _read(upload, result)
    if not table:
        if not result.file_errors:
            result.file_errors.append(_("The file is empty."))
        return result, []
    columns = _heading(table, file_questions(round_), result)
    by_site = round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE
    if by_site and not any(name == "site" and not q for _i, name, q in columns):
        result.file_errors.append(
            _("The file has no column %(columns)s; use the template.") % {"columns": "site"}
        )
    if result.file_errors:
        return result, []
    rows, ids, first = [], _Ids(round_), {}
    for number, cells in enumerate(table[1:], start=2):
        fixed, answers = {}, {}
        for index, name, question in columns:
            (answers if question else fixed)[name] = (
                _text(cells[index]) if index < len(cells) else ""
            )
        if not any(fixed.values()) and not any(answers.values()):
            continue
        result.rows += 1
        try:
            client_id, column = ids.of(fixed, answers)
        except ValueError:
            message = _("Enter a UUID, or leave it blank.")
            result.errors.append(RowError(number, "client_id", message))
            continue
        if client_id in first:
            message = _("The same response is already in row %(row)s.") % {"row": first[client_id]}
            result.errors.append(RowError(number, column, message))
            continue
        first[client_id] = number
        rows.append((number, client_id, fixed, answers))
    if result.rows == 0:
        result.file_errors.append(_("The file is empty."))
        return result, []
    stored = _stored(round_, set(first))
    places, ranges = Places(round_), item_ranges(round_)
    questions = list(round_.instrument.questions.all())
    good = []
    for done, (number, client_id, fixed, answers) in enumerate(rows, start=1):
        if progress is not None:
            progress(done)
        if client_id in stored:
            result.already_stored += 1
            continue
        site, place, problems = places.check(fixed, by_site)
        try:
            submitted_at = _moment(fixed.get("submitted_at", ""))
        except ValueError:
            submitted_at = None
            problems["submitted_at"] = _("Enter a date and time as YYYY-MM-DD HH:MM.")
        cleaned, wrong = clean_answers(questions, answers, ranges)
        problems.update(wrong)
        result.errors.extend(RowError(number, name, text) for name, text in problems.items())
        if not problems:
            good.append(GoodRow(number, client_id, site, place, submitted_at, cleaned))
    return result, good


class Places:
    """Sites of the round's evaluation by code; districts, streets, industries as frame.py does."""

    def __init__(self, round_: Round):
        self.sites = {
            site.code: site
            for site in Site.objects.filter(evaluation_id=round_.evaluation_id).only(
                "pk", "code", "district_id", "street_id", "industry_id"
            )
        }
        self.units = {
            "district": units_by_name(UnitKind.DISTRICT),
            "street": units_by_name(UnitKind.STREET),
        }
        self.units["industry"] = industries = {}
        for industry in Industry.objects.all():
            industries[industry.key] = industries[industry.name] = industry

    def check(self, fixed: dict, by_site: bool) -> tuple[Site | None, dict, dict[str, str]]:
        """The site and the response's district, street, industry; or messages by column."""
        code = fixed.get("site", "")
        if code:
            site = self.sites.get(code)
            if site is None:
                message = _("The sampling frame has no site with the code “%(value)s”.")
                return None, {}, {"site": message % {"value": code}}
            return site, {f"{name}_id": getattr(site, f"{name}_id") for name in PLACE}, {}
        if by_site:
            return None, {}, {"site": _("A site code is required.")}
        messages = {
            "district": _("No district is called “%(value)s”."),
            "street": _("No street or town is called “%(value)s”."),
            "industry": _("No industry is called “%(value)s”."),
        }
        place, errors = {}, {}
        for name in PLACE:
            value = fixed.get(name, "")
            place[name] = self.units[name].get(value) if value else None
            if value and place[name] is None:
                errors[name] = messages[name] % {"value": value}
        return None, place, errors


def _store(round_: Round, good: list[GoodRow], actor) -> list[Response]:
    # Plain ids rather than objects: for 100,000 answers the ORM's relation checks add up.
    question_ids = dict(round_.instrument.questions.values_list("name", "pk"))
    user_id = actor.pk if actor is not None and actor.is_authenticated else None
    now = timezone.now()
    created = []
    for start in range(0, len(good), CHUNK):
        chunk = good[start : start + CHUNK]
        responses = Response.objects.bulk_create(
            Response(
                round_id=round_.pk,
                client_id=row.client_id,
                site=row.site,
                submitted_by_id=user_id,
                source=Source.IMPORT,
                submitted_at=row.submitted_at or now,
                **row.place,
            )
            for row in chunk
        )
        Answer.objects.bulk_create(
            Answer(
                response_id=response.pk,
                round_id=round_.pk,
                site_id=row.site.pk if row.site else None,
                question_id=question_ids[name],
                value=answer.value,
                text=answer.text,
            )
            for response, row in zip(responses, chunk, strict=True)
            for name, answer in row.answers.items()
        )
        created.extend(responses)
    return created


def import_responses(
    *, round_: Round, upload, actor, good_rows_only: bool = False
) -> ResponseImportResult:
    """Import every new row, or none when any row is bad — unless `good_rows_only` is asked for.

    Works whatever the round's status: paper forms arrive after the collection closes.
    """
    result, good = check_responses(round_, upload)
    if result.file_errors or (result.errors and not good_rows_only) or not good:
        return result
    return store_responses(
        round_=round_, result=result, good=good, actor=actor, filename=getattr(upload, "name", "")
    )


def store_responses(
    *, round_: Round, result: ResponseImportResult, good: list[GoodRow], actor, filename: str
) -> ResponseImportResult:
    """Store the checked rows that are not stored yet, in one transaction."""
    if not good:
        return result
    with transaction.atomic():
        # One import of a round at a time; what another stored meanwhile is not stored again.
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        stored = _stored(round_, {row.client_id for row in good})
        result.already_stored += len(stored)
        good = [row for row in good if row.client_id not in stored]
        if not good:
            return result
        try:
            with transaction.atomic():
                result.created = _store(round_, good, actor)
        except IntegrityError:  # the same client id came from the web form at this instant
            result.file_errors.append(_("Some responses were stored meanwhile; import again."))
            return result
        Round.objects.filter(pk=round_.pk).update(answers_revision=F("answers_revision") + 1)
        log_action(
            actor=actor,
            action="surveys.responses.import",
            obj=round_,
            changes={
                "file": filename,
                "rows": result.rows,
                "imported": len(result.created),
                "already_stored": result.already_stored,
                "bad_rows": result.bad_rows,
            },
        )
    return result


class ResponseImporter(Importer):
    """The secretariat's import of a round's responses, run by the worker (`target`: round)."""

    limits = LIMITS

    def _round(self, job) -> Round:
        return Round.objects.select_related("evaluation", "instrument").get(pk=job.target)

    def check(self, job, upload, progress):
        return check_responses(self._round(job), upload, progress)

    def store(self, job, result, prepared):
        return store_responses(
            round_=self._round(job),
            result=result,
            good=prepared,
            actor=job.created_by,
            filename=job.filename,
        )

    def notices(self, job, result) -> list[str]:
        if result.created or result.ok:
            return [
                _("Responses imported: %(n)s. Already stored: %(stored)s.")
                % {"n": len(result.created), "stored": result.already_stored}
            ]
        return []

    def can_view(self, user, job) -> bool:
        return user.has_perm("surveys.manage")

    def title(self, job) -> str:
        return _("Import responses")

    def back_url(self, job) -> str:
        return reverse("surveys:responses_import", args=[job.target])

    def done_url(self, job) -> str:
        return reverse("surveys:manage_round", args=[job.target])
