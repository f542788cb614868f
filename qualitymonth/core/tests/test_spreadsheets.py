"""CSV downloads never hand a spreadsheet program a formula (OWASP's CSV injection list)."""

import csv
import io

import pytest

from qualitymonth.core.spreadsheets import to_csv


def cells(content: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return rows[1]


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "＝1+1",
        "＋1+1",
        "－1+1",
        "＠SUM(A1)",
    ],
    ids=["equals", "plus", "minus", "at", "tab", "cr", "fw-equals", "fw-plus", "fw-minus", "fw-at"],
)
def test_a_cell_that_could_start_a_formula_is_quoted(value):
    assert cells(to_csv(["a"], [[value]])) == ["'" + value]


def test_ordinary_text_numbers_and_empty_cells_are_written_as_they_are():
    row = ["王小明", "13812345678", 42, -3, None, "a=b", "质量＝生命"]
    assert cells(to_csv(list("abcdefg"), [row])) == [
        "王小明",
        "13812345678",
        "42",
        "-3",
        "",
        "a=b",
        "质量＝生命",
    ]
