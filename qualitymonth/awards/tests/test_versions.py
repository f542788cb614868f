"""A reviewer with two tabs: the second save from a stale page is refused, naming what the
first changed with its current value, and nothing of the first save is lost."""

import threading

import lxml.html
import pytest
from django.db import connection
from django.urls import reverse

from qualitymonth.awards import services
from qualitymonth.awards.models import Review, Score
from qualitymonth.awards.services.reviews import review_version
from qualitymonth.awards.tests.conftest import make_application, make_reviewer
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data
from qualitymonth.core.versions import StaleVersion


@pytest.fixture
def assignment(review_round, secretariat):
    application = make_application(review_round, name="上海电气QC小组")
    reviewer = make_reviewer("reader", review_round)
    return services.assign_reviewer(actor=secretariat, application=application, reviewer=reviewer)


def _criteria(assignment):
    criteria = assignment.application.round.rubric.criteria
    return criteria.get(name="选题"), criteria.get(name="原因分析")


def _points(assignment) -> dict:
    return {
        score.criterion.name: score.points
        for score in Score.objects.filter(review__assignment=assignment).select_related("criterion")
    }


def _score_audits():
    return AuditEntry.objects.filter(action="award_review.score").count()


def test_the_second_tab_cannot_put_back_a_score_the_first_tab_changed(client, assignment):
    topic, causes = _criteria(assignment)
    url = f"/awards/reviews/{assignment.pk}/"
    client.force_login(assignment.reviewer)
    tab_a = form_data(client.get(url), "review-form")
    tab_b = form_data(client.get(url), "review-form")
    assert tab_a["version"] == tab_b["version"] != ""

    client.post(url, {**tab_a, f"criterion_{topic.pk}": "12", "save": ""})
    assert _points(assignment) == {"选题": 12}
    assert _score_audits() == 1

    response = client.post(url, {**tab_b, f"criterion_{causes.pk}": "20", "save": ""})
    text = response.content.decode()
    assert "不是你打开时的内容" in text
    assert f"{topic.display_name}：12" in text  # the criterion tab A changed, as it stands now
    assert _points(assignment) == {"选题": 12}  # nothing of tab A lost, nothing of B saved
    assert _score_audits() == 1  # the refusal left no audit record


def test_a_page_opened_after_the_save_saves_normally(client, assignment):
    topic, causes = _criteria(assignment)
    url = f"/awards/reviews/{assignment.pk}/"
    client.force_login(assignment.reviewer)
    client.post(url, {**form_data(client.get(url), "review-form"), f"criterion_{topic.pk}": "12"})
    fresh = form_data(client.get(url), "review-form")
    assert fresh[f"criterion_{topic.pk}"] == "12"
    client.post(url, {**fresh, f"criterion_{causes.pk}": "20"})
    assert _points(assignment) == {"选题": 12, "原因分析": 20}
    assert _score_audits() == 2


def test_a_stale_comment_is_refused_with_the_comment_as_it_stands(client, assignment):
    url = f"/awards/reviews/{assignment.pk}/"
    client.force_login(assignment.reviewer)
    tab_a = form_data(client.get(url), "review-form")
    tab_b = form_data(client.get(url), "review-form")
    client.post(url, {**tab_a, "comment": "数据翔实"})
    response = client.post(url, {**tab_b, "comment": "因果分析不足"})
    assert "意见：数据翔实" in response.content.decode()
    assert Review.objects.get(assignment=assignment).comment == "数据翔实"


def test_a_stale_tab_cannot_submit_and_lock_either(client, assignment):
    topic, _causes = _criteria(assignment)
    url = f"/awards/reviews/{assignment.pk}/"
    client.force_login(assignment.reviewer)
    tab_a = form_data(client.get(url), "review-form")
    tab_b = form_data(client.get(url), "review-form")
    client.post(url, {**tab_a, f"criterion_{topic.pk}": "12"})
    client.post(url, {**tab_b, "submit": ""})
    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is None
    assert _points(assignment) == {"选题": 12}


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_with_the_same_version_accept_exactly_one(assignment):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite has one writer at a time")
    reviewer = assignment.reviewer
    criteria = list(assignment.application.round.rubric.criteria.all())
    version = review_version(None, criteria)
    barrier = threading.Barrier(2)
    accepted, refused, errors = [], [], []

    def worker(n):
        try:
            barrier.wait()
            services.save_review(
                actor=reviewer,
                assignment=assignment,
                points={criteria[n].pk: "5"},
                comment=f"第{n}个标签页",
                version=version,
            )
            accepted.append(n)
        except StaleVersion as error:
            refused.append(error)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(accepted) == 1 and len(refused) == 1
    (winner,) = accepted
    review = Review.objects.get(assignment=assignment)
    assert review.comment == f"第{winner}个标签页"
    assert list(review.scores.values_list("criterion_id", flat=True)) == [criteria[winner].pk]
    assert AuditEntry.objects.filter(action="award_review.score").count() == 1


def test_a_stale_round_edit_in_the_admin_is_refused_and_the_first_change_survives(
    client, review_round, secretariat
):
    def values(response) -> dict:
        page = lxml.html.fromstring(response.content.decode())
        form = next(f for f in page.forms if f.get("id") == "round_form")
        return {**dict(form.form_values()), "_save": "Save"}

    client.force_login(secretariat)
    url = reverse("admin:awards_round_change", args=[review_round.pk])
    tab_a, tab_b = values(client.get(url)), values(client.get(url))
    assert client.post(url, {**tab_a, "title": "第一个标签页的标题"}).status_code == 302
    response = client.post(url, {**tab_b, "min_reviews": "3"})
    page = response.content.decode()
    assert "不是你打开时的内容" in page and "第一个标签页的标题" in page
    review_round.refresh_from_db()
    assert (review_round.title, review_round.min_reviews) == ("第一个标签页的标题", 2)
