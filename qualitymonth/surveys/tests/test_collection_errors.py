"""A refused submission on the phone: each message next to its field, a summary linking to
each, and a photo already taken kept for the next try (stored only when the answers are)."""

import io
import re
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qualitymonth.surveys.models import Photo, Response


def jpeg() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (16, 12), "blue").save(output, "JPEG")
    return SimpleUploadedFile("现场.jpg", output.getvalue(), content_type="image/jpeg")


def test_errors_are_messages_next_to_their_fields_with_a_linked_summary(
    client, survey_round, sites, inspector
):
    client.force_login(inspector)
    reply = client.post(
        f"/surveys/rounds/{survey_round.pk}/collect/",
        {"client_id": str(uuid.uuid4()), "a": "11", "c": "3"},
    )
    page = reply.content.decode()
    assert "['" not in page  # never a Python list
    assert re.search(r'data-testid="error-b">本题为必答题。<', page)
    assert re.search(r'data-testid="error-a">0到10分<', page)
    assert re.search(r'data-testid="error-site">请选择您检查的点位。<', page)
    links = re.findall(r'<a href="#([\w-]+)" data-testid="error-link">([^<]+)</a>', page)
    assert links == [
        ("field-site", "点位：请选择您检查的点位。"),
        ("field-a", "整洁程度：0到10分"),
        ("field-b", "排队情况：本题为必答题。"),
    ]
    for anchor, _text in links:
        assert f'id="{anchor}"' in page


def test_a_photo_survives_a_refused_submission_and_is_stored_with_the_next(
    client, survey_round, sites, inspector, django_capture_on_commit_callbacks
):
    client.force_login(inspector)
    client_id = str(uuid.uuid4())
    url = f"/surveys/rounds/{survey_round.pk}/collect/"
    refused = client.post(
        url, {"client_id": client_id, "site": sites["s1"].pk, "a": "8", "photo": jpeg()}
    )
    assert refused.status_code == 400
    assert "照片已附上：现场.jpg" in refused.content.decode()
    assert not Photo.objects.exists() and not Response.objects.exists()
    # The corrected answers are sent without the photo: the one kept is used.
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        client.post(
            url, {"client_id": client_id, "site": sites["s1"].pk, "a": "8", "b": "2", "c": "10"}
        )
    photo = Photo.objects.get()
    assert photo.response == Response.objects.get()
    assert photo.content_type == "image/jpeg"
    with photo.file.open("rb") as stored:
        assert Image.open(stored).size == (16, 12)
    # Nothing is kept aside once the response is stored.
    assert "surveys_pending_photos" not in client.session or not client.session[
        "surveys_pending_photos"
    ].get(client_id)


def test_a_kept_photo_belongs_to_its_own_session(client, survey_round, sites, inspector):
    client.force_login(inspector)
    client_id = str(uuid.uuid4())
    url = f"/surveys/rounds/{survey_round.pk}/collect/"
    client.post(url, {"client_id": client_id, "site": sites["s1"].pk, "photo": jpeg()})
    client.logout()
    client.force_login(inspector)  # a new session, the same submission id
    client.post(
        url, {"client_id": client_id, "site": sites["s1"].pk, "a": "8", "b": "2", "c": "10"}
    )
    assert Response.objects.exists()
    assert not Photo.objects.exists()


def test_a_public_respondent_sees_messages_not_lists(client, survey_round):
    survey_round.open_public_link()
    survey_round.save()
    reply = client.post(
        f"/surveys/answer/{survey_round.public_link}/", {"client_id": str(uuid.uuid4())}
    )
    page = reply.content.decode()
    assert "['" not in page
    assert re.search(r'data-testid="error-a">本题为必答题。<', page)
