"""The results page and the white-paper chapter, as a reader in each language sees them."""

import io
import json
import re

from qualitymonth.surveys.services.indices import compute_index, publish_run


def published(round_, actor):
    return publish_run(run=compute_index(round_=round_, actor=actor), actor=actor)


def page_data(content: str) -> dict:
    """The JSON the page hands to survey-results.js."""
    found = re.search(r'<script id="survey-data" type="application/json">(.*?)</script>', content)
    return json.loads(found.group(1))


def test_the_method_block_is_in_chinese_on_a_chinese_page(client, answered, secretariat):
    published(answered, secretariat)
    page = client.get(f"/surveys/rounds/{answered.pk}/results/").content.decode()
    method = page.split('data-testid="method">', 1)[1].split("</dl>", 1)[0]
    assert "加权算术平均" in method and "置信区间" in method
    assert "weighted arithmetic mean" not in method and "t interval" not in method


def test_the_method_block_is_in_english_for_an_english_reader(client, answered, secretariat):
    published(answered, secretariat)
    client.cookies["qm_language"] = "en"
    page = client.get(f"/surveys/rounds/{answered.pk}/results/").content.decode()
    method = page.split('data-testid="method">', 1)[1].split("</dl>", 1)[0]
    assert "Weighted arithmetic mean" in method and "95% confidence" in method


def test_the_map_scale_runs_from_the_lowest_to_the_highest_district(client, answered, secretariat):
    published(answered, secretariat)
    page = client.get(f"/surveys/rounds/{answered.pk}/results/").content.decode()
    data = page_data(page)
    scores = [row["score"] for row in data["districts"]]
    assert min(scores) > 1  # not a scale from zero
    assert data["scale"]["min"] == int(min(scores) // 1)
    assert data["scale"]["max"] == -int(-max(scores) // 1)
    assert "<script>" not in page  # the scale goes by data, not by an inline script


def test_the_results_tables_scroll_inside_their_box_on_a_phone(client, answered, secretariat):
    published(answered, secretariat)
    page = client.get(f"/surveys/rounds/{answered.pk}/results/").content.decode()
    assert (
        '<div class="table-scroll"><table class="survey-table" data-testid="district-ranking">'
        in page
    )
    assert "surveys/surveys.css" in page  # names and intervals stay on one line


def chapter_text(client, round_) -> str:
    from docx import Document

    reply = client.get(f"/surveys/manage/rounds/{round_.pk}/chapter.docx")
    document = Document(io.BytesIO(reply.content))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_the_chapter_docx_is_in_chinese_for_a_chinese_reader(client, answered, secretariat):
    published(answered, secretariat)
    client.force_login(secretariat)
    text = chapter_text(client, answered)
    assert "各区排名" in text and "排名" in text and "全市得分" in text
    assert "加权算术平均" in text
    assert "Ranking of districts" not in text and "weighted arithmetic mean" not in text


def test_the_chapter_docx_follows_an_english_reader(client, answered, secretariat):
    published(answered, secretariat)
    client.force_login(secretariat)
    client.cookies["qm_language"] = "en"
    text = chapter_text(client, answered)
    assert "Ranking of districts" in text and "Weighted arithmetic mean" in text
    assert "各区排名" not in text
