"""Tabular imports: a streaming reader with limits, and the envelope every importer shares.

A spreadsheet is read row by row (openpyxl's read-only mode, the csv module on a decoded
stream) and its limits are checked as the rows arrive: the first breach stops the reading.
An XLSX is a zip, so the sizes its members claim are checked before openpyxl opens it — a
small file that unpacks to gigabytes (or one cell of 300 million characters, which openpyxl
would hold in memory) never reaches the parser.

The domain rules of each import (which columns, what a good row is) stay in the importing app;
the result it reports (`ImportResult`, `RowError`) is the same everywhere.
"""

import codecs
import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

LANGUAGES = ["zh-hans", "zh-hant", "en"]
CHUNK = 65536


@dataclass(frozen=True)
class Limits:
    """What one import may hold; each is checked while the file is read."""

    rows: int = 5000  # data rows: the heading row and blank rows do not count
    columns: int = 200
    cell_chars: int = 5000
    cells: int = 2_000_000
    bytes: int = 10 * 1024 * 1024  # the upload as sent
    unzipped_bytes: int = 100 * 1024 * 1024  # an XLSX's members once unpacked
    ratio: int = 250  # unpacked ÷ packed, for members above RATIO_FROM
    blank_rows: int = 10_000  # blank rows in between are skipped, but not forever


RATIO_FROM = 1024 * 1024


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % vars(self)
        return _("Row %(row)s: %(message)s") % vars(self)


@dataclass
class ImportResult:
    rows: int = 0
    created: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})


def in_every_language(text) -> set[str]:
    """A lazy heading or label, lower-cased, as each platform language says it."""
    found = set()
    for language in LANGUAGES:
        with translation.override(language):
            found.add(str(text).strip().lower())
    return found


def blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def file_checksum(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _too_many_rows(limit: int) -> ValidationError:
    return ValidationError(
        _("The file has more than %(limit)s rows; split it.") % {"limit": limit}, code="rows"
    )


class TableReader:
    """Iterate (row number, cells) of the first sheet; raises ValidationError at the first breach.

    `rows_read` counts the rows taken from the parser, so a caller (or a test) can see that
    reading stopped at the limit rather than after the whole file.
    """

    def __init__(self, upload, limits: Limits = Limits()):
        self.upload = upload
        self.limits = limits
        self.rows_read = 0
        self.data_rows = 0  # non-blank rows, the heading included
        self.cells = 0

    def __iter__(self):
        size = getattr(self.upload, "size", None)
        if size is not None and size > self.limits.bytes:
            raise ValidationError(
                _("The file is larger than %(limit)s MB; split it.")
                % {"limit": self.limits.bytes // (1024 * 1024)},
                code="bytes",
            )
        self.upload.seek(0)
        head = self.upload.read(4)
        self.upload.seek(0)
        name = (getattr(self.upload, "name", "") or "").lower()
        if head == b"PK\x03\x04":
            source = self._xlsx_rows()
        elif name.endswith(".xlsx"):
            raise ValidationError(_("The spreadsheet cannot be read."), code="unreadable")
        else:
            source = self._csv_rows()
        blanks = 0
        for number, raw in enumerate(source, start=1):
            self.rows_read += 1
            yield number, self._checked(number, raw)
            if self._last_blank:
                blanks += 1
                if blanks > self.limits.blank_rows:
                    raise _too_many_rows(self.limits.rows)
            else:
                blanks = 0

    _last_blank = False

    def _checked(self, number: int, raw) -> list:
        limits = self.limits
        self.cells += len(raw)
        if self.cells > limits.cells:
            raise ValidationError(
                _("The file has more than %(limit)s cells; split it.") % {"limit": limits.cells},
                code="cells",
            )
        cells = list(raw)
        while cells and blank(cells[-1]):
            cells.pop()
        self._last_blank = not any(not blank(cell) for cell in cells)
        if self._last_blank:
            return cells
        self.data_rows += 1
        if self.data_rows > limits.rows + 1:  # the heading row is not data
            raise _too_many_rows(limits.rows)
        if len(cells) > limits.columns:
            raise ValidationError(
                _("The file has more than %(limit)s columns.") % {"limit": limits.columns},
                code="columns",
            )
        for index, cell in enumerate(cells):
            if isinstance(cell, str):
                if len(cell) > limits.cell_chars:
                    raise ValidationError(
                        _(
                            "Row %(row)s, column %(column)s: the cell has more than %(limit)s "
                            "characters."
                        )
                        % {
                            "row": number,
                            "column": _column_letter(index),
                            "limit": limits.cell_chars,
                        },
                        code="cell",
                    )
                if "\x00" in cell:
                    raise ValidationError(_("Upload an .xlsx or .csv file."), code="binary")
        return cells

    # --- XLSX ------------------------------------------------------------------------------

    def _check_zip(self) -> None:
        limits = self.limits
        try:
            with zipfile.ZipFile(self.upload) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise ValidationError(_("The spreadsheet cannot be read."), code="unreadable") from None
        total = sum(member.file_size for member in members)
        if total > limits.unzipped_bytes:
            raise ValidationError(
                _("The spreadsheet unpacks to more than %(limit)s MB; it cannot be read.")
                % {"limit": limits.unzipped_bytes // (1024 * 1024)},
                code="unzipped",
            )
        for member in members:
            packed = max(member.compress_size, 1)
            if member.file_size > RATIO_FROM and member.file_size / packed > limits.ratio:
                raise ValidationError(
                    _(
                        "The spreadsheet is packed too tightly to be a real table; "
                        "it cannot be read."
                    ),
                    code="ratio",
                )

    def _xlsx_rows(self):
        from openpyxl import load_workbook

        self._check_zip()
        self.upload.seek(0)
        try:
            book = load_workbook(self.upload, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(_("The spreadsheet cannot be read."), code="unreadable") from None
        try:
            sheet = book.worksheets[0]
            # The dimension the file claims is not trusted: rows are as wide as their cells.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except Exception:  # a damaged sheet fails while it is parsed
                    raise ValidationError(
                        _("The spreadsheet cannot be read."), code="unreadable"
                    ) from None
                yield row
        finally:
            book.close()

    # --- CSV -------------------------------------------------------------------------------

    def _encoding(self) -> str:
        """UTF-8 (with or without a byte-order mark) or GB18030, checked chunk by chunk."""
        for encoding in ("utf-8-sig", "gb18030"):
            decoder = codecs.getincrementaldecoder(encoding)()
            self.upload.seek(0)
            try:
                for chunk in iter(lambda: self.upload.read(CHUNK), b""):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            self.upload.seek(0)
            return encoding
        raise ValidationError(_("The file is neither UTF-8 nor GB18030 text."), code="encoding")

    def _csv_rows(self):
        encoding = self._encoding()
        text = io.TextIOWrapper(_Unclosing(self.upload), encoding=encoding, newline="")
        reader = csv.reader(text)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise ValidationError(
                        _("Row %(row)s: a cell has more than %(limit)s characters.")
                        % {"row": reader.line_num, "limit": self.limits.cell_chars},
                        code="cell",
                    ) from None
                raise ValidationError(
                    _("The file is not a readable CSV table."), code="unreadable"
                ) from None
            yield row


class _Unclosing(io.RawIOBase):
    """The upload as a raw stream that TextIOWrapper may close without closing the upload."""

    def __init__(self, upload):
        self.upload = upload

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.upload.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_table(upload, limits: Limits = Limits()) -> list[list]:
    """Every row of the first sheet (blank ones as []), within the limits; for small tables.

    The list can only be as large as the limits allow: the reading stops at the first breach.
    """
    return [cells for _number, cells in TableReader(upload, limits)]


@dataclass
class TableShape:
    heading: list
    rows: int  # non-blank rows below the heading


def scan(upload, limits: Limits = Limits()) -> TableShape:
    """Read the whole file once, checking every limit, and keep only the heading: for a request
    to refuse a bad file at once, before a worker imports it."""
    reader = TableReader(upload, limits)
    heading = None
    for _number, cells in reader:
        if heading is None and cells:
            heading = cells
    upload.seek(0)
    return TableShape(heading=heading or [], rows=max(reader.data_rows - 1, 0))
