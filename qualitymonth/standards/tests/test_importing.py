"""Importing a draft from a Word file."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from qualitymonth.standards import selectors
from qualitymonth.standards.importing import import_draft
from qualitymonth.standards.models import DraftVersion
from qualitymonth.standards.tests.conftest import drafted


def small_docx() -> SimpleUploadedFile:
    document = Document()
    document.add_heading("1 范围", level=1)
    document.add_paragraph("本文件规定了现场管理的要求。")
    document.add_heading("术语和定义", level=1)
    document.add_heading("2.1 洁净区", level=2)
    document.add_paragraph("空气洁净度受控的区域。")
    document.add_paragraph("注：见GMP附录。")
    output = io.BytesIO()
    document.save(output)
    return SimpleUploadedFile("draft.docx", output.getvalue())


def test_headings_become_clauses_with_their_text(secretariat, enterprise):
    standard = drafted(secretariat, enterprise)
    version = import_draft(actor=secretariat, standard=standard, upload=small_docx())
    clauses = [(c.number, c.heading, c.text) for c in selectors.clauses_of(version)]
    assert clauses == [
        ("1", "范围", "本文件规定了现场管理的要求。"),
        ("2", "术语和定义", ""),
        ("2.1", "洁净区", "空气洁净度受控的区域。\n注：见GMP附录。"),
    ]
    assert version.number == 2


def test_a_file_that_is_not_a_docx_is_refused_and_no_version_is_added(secretariat, enterprise):
    standard = drafted(secretariat, enterprise)
    fake = SimpleUploadedFile("draft.docx", b"just some text, renamed")
    with pytest.raises(ValidationError, match="is not a Word \\(DOCX\\) file"):
        import_draft(actor=secretariat, standard=standard, upload=fake)
    assert DraftVersion.objects.filter(standard=standard).count() == 1


def test_the_import_page_refuses_a_renamed_file_with_a_message(
    client, secretariat, enterprise, enterprise_admin
):
    standard = drafted(secretariat, enterprise)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:import", args=[standard.pk]),
        {"file": SimpleUploadedFile("draft.docx", b"not a zip")},
    )
    assert "is not a Word (DOCX) file" in response.content.decode()
    assert DraftVersion.objects.filter(standard=standard).count() == 1
