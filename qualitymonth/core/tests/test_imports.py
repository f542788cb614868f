"""The streaming table reader stops at the first limit it meets, before the file is all read."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitymonth.core.imports import Limits, TableReader, read_table

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def _row(number: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for i, text in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx(rows, *, padding: int = 0, dimension: str = "") -> SimpleUploadedFile:
    """A minimal workbook written member by member; `padding` bytes of blanks in the sheet."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            start = SHEET_START
            if dimension:
                start = start.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>')
            sheet.write(start.encode())
            for row in rows:
                sheet.write(row.encode())
            block = b" " * (1024 * 1024)
            for _ in range(padding // len(block)):
                sheet.write(block)
            sheet.write(SHEET_END.encode())
    return SimpleUploadedFile("table.xlsx", output.getvalue())


def test_a_small_xlsx_reads_row_by_row():
    upload = xlsx([_row(1, "name", "code"), _row(2, "宝山", "310113")])
    assert read_table(upload) == [["name", "code"], ["宝山", "310113"]]


def test_200000_short_rows_are_refused_at_the_row_limit_without_reading_on():
    rows = (_row(n, "a") for n in range(1, 200_002))
    upload = xlsx(rows)
    assert upload.size < 2 * 1024 * 1024  # small on disk, as the attack file was
    reader = TableReader(upload, Limits(rows=5000))
    with pytest.raises(ValidationError) as refused:
        for _row_read in reader:
            pass
    assert refused.value.messages == ["文件超过 5000 行，请拆分后上传。"]
    # The heading, 5,000 data rows and the one over the limit; the other 194,999 never parsed.
    assert reader.rows_read <= 5000 + 2


def test_a_csv_over_the_row_limit_stops_at_the_limit():
    text = "name\n" + "a\n" * 50_000
    upload = SimpleUploadedFile("table.csv", text.encode())
    reader = TableReader(upload, Limits(rows=100))
    with pytest.raises(ValidationError):
        list(reader)
    assert reader.rows_read <= 100 + 2


def test_a_cell_over_the_length_limit_is_refused_naming_its_row_and_column():
    text = "name,place,note\n宝山,上海,短\n黄浦,上海," + "长" * 5001 + "\n"
    upload = SimpleUploadedFile("table.csv", text.encode())
    with pytest.raises(ValidationError) as refused:
        read_table(upload, Limits(cell_chars=5000))
    assert refused.value.messages == ["第3行，C列：单元格超过 5000 个字符。"]


def test_a_huge_cell_in_an_xlsx_is_refused_naming_its_row_and_column():
    upload = xlsx([_row(1, "name", "note"), _row(2, "宝山", "x" * 6000)])
    with pytest.raises(ValidationError) as refused:
        read_table(upload, Limits(cell_chars=5000))
    assert refused.value.messages == ["第2行，B列：单元格超过 5000 个字符。"]


def test_a_cell_too_long_for_the_csv_parser_names_its_row():
    text = "name\n" + "x" * 200_000 + "\n"
    upload = SimpleUploadedFile("table.csv", text.encode())
    with pytest.raises(ValidationError) as refused:
        read_table(upload)
    assert refused.value.messages == ["第2行：有单元格超过 5000 个字符。"]


def test_too_many_columns_are_refused():
    upload = SimpleUploadedFile("table.csv", (",".join(["x"] * 301) + "\n").encode())
    with pytest.raises(ValidationError) as refused:
        read_table(upload, Limits(columns=300))
    assert refused.value.messages == ["文件超过 300 列。"]


def test_too_many_cells_in_all_are_refused():
    text = "\n".join(",".join(["x"] * 20) for _ in range(100)) + "\n"
    upload = SimpleUploadedFile("table.csv", text.encode())
    with pytest.raises(ValidationError) as refused:
        read_table(upload, Limits(cells=1000))
    assert refused.value.messages == ["文件超过 1000 个单元格，请拆分后上传。"]


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it():
    # 120 MB of blanks in the sheet pack into a few hundred kilobytes.
    upload = xlsx([_row(1, "name")], padding=120 * 1024 * 1024)
    assert upload.size < 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        read_table(upload)
    assert refused.value.messages == ["表格解压后超过 100 MB，无法读取。"]


def test_a_tightly_packed_member_under_the_size_limit_is_refused():
    upload = xlsx([_row(1, "name")], padding=20 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        read_table(upload)
    assert refused.value.messages == ["表格的压缩比异常，不像真实的表格，无法读取。"]


def test_a_file_too_large_is_refused_before_reading():
    upload = SimpleUploadedFile("table.csv", b"name\n" + b"a\n" * 600_000)
    with pytest.raises(ValidationError) as refused:
        read_table(upload, Limits(bytes=1024 * 1024))
    assert refused.value.messages == ["文件超过 1 MB，请拆分后上传。"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_gb18030_reads_the_same(encoding):
    upload = SimpleUploadedFile("table.csv", "名称,地点\n质量开放日,宝山\n".encode(encoding))
    assert read_table(upload) == [["名称", "地点"], ["质量开放日", "宝山"]]


def test_a_claimed_dimension_does_not_pad_rows():
    # The sheet claims to be 16,384 columns wide; rows stay as wide as their cells.
    rows = [_row(1, "a", "b"), _row(2, "c")]
    upload = xlsx(rows, dimension="A1:XFD1048576")
    assert read_table(upload) == [["a", "b"], ["c"]]
