"""Survey photos: re-encoded with a thumbnail, written only when the response commits, and
seen only through the permission-checked photo view by those who may read the answers."""

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role
from qualitymonth.surveys.models import Photo, Response, Source
from qualitymonth.surveys.services.responses import submit_response
from tests.answers import assert_not_found

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def photo_jpeg(size=(4000, 3000), name="现场.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    output = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def bomb_png() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(output, format="PNG", optimize=True)
    return SimpleUploadedFile("bomb.png", output.getvalue(), content_type="image/png")


def submit(round_, site, actor, photo):
    return submit_response(
        round_=round_,
        client_id=uuid.uuid4(),
        answers={"a": "8", "b": "2", "c": "10"},
        actor=actor,
        source=Source.WEB,
        site=site,
        photos={"photo": photo},
    )


def collect(client, round_, site, photo):
    data = {"client_id": str(uuid.uuid4()), "site": site.pk, "a": "8", "b": "2", "c": "10"}
    return client.post(f"/surveys/rounds/{round_.pk}/collect/", {**data, "photo": photo})


def test_a_big_photo_is_stored_downscaled_with_a_thumbnail_and_no_location(
    survey_round, sites, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(survey_round, sites["s1"], inspector, photo_jpeg())
    photo = Photo.objects.get()
    with photo.file.open("rb") as stored:
        image = Image.open(stored)
        assert image.size == (2560, 1920)
        assert not image.getexif().get_ifd(GPS_IFD)
    with photo.thumbnail.open("rb") as stored:
        assert Image.open(stored).size == (480, 360)


def test_a_rolled_back_submission_leaves_no_file(
    media, survey_round, sites, inspector, django_capture_on_commit_callbacks
):
    # Whatever rolls the submission back (here a failure after it, in the same transaction),
    # the photo is not written; the callbacks that survive the rollback are run.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit(survey_round, sites["s1"], inspector, photo_jpeg(size=(64, 48)))
        raise RuntimeError("the request fails after the response is written")
    assert not Response.objects.exists() and not Photo.objects.exists()
    assert stored_files(media) == []


def test_a_144_megapixel_photo_is_refused_next_to_its_question_and_nothing_is_stored(
    media, client, survey_round, sites, inspector
):
    client.force_login(inspector)
    reply = collect(client, survey_round, sites["s1"], bomb_png())
    assert reply.status_code == 400
    page = reply.content.decode()
    assert re.search(
        r'data-testid="error-photo">现场照片：bomb\.png 是一张 144 百万像素的图片', page
    )
    assert not Response.objects.exists()
    assert stored_files(media) == []  # not even kept aside for the next try


@pytest.fixture
def photo(client, survey_round, sites, inspector, django_capture_on_commit_callbacks):
    client.force_login(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        collect(client, survey_round, sites["s1"], photo_jpeg(size=(1200, 900)))
    client.logout()
    return Photo.objects.get()


def test_the_response_page_links_the_photo_view_never_media(client, secretariat, photo):
    client.force_login(secretariat)
    page = client.get(
        f"/surveys/manage/rounds/{photo.response.round_id}/responses/{photo.response_id}/"
    ).content.decode()
    assert (
        f'<a href="/surveys/photos/{photo.pk}/"><img src="/surveys/photos/{photo.pk}/?size=thumb"'
        in page
    )
    assert "/media/" not in page


def test_a_survey_photo_opens_for_the_secretariat_in_full_and_as_a_thumbnail(
    client, secretariat, photo
):
    client.force_login(secretariat)
    full = client.get(f"/surveys/photos/{photo.pk}/")
    assert full["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(full.streaming_content))).size == (1200, 900)
    thumb = client.get(f"/surveys/photos/{photo.pk}/?size=thumb")
    assert Image.open(io.BytesIO(b"".join(thumb.streaming_content))).size == (480, 360)


def test_the_inspector_who_sent_it_sees_the_photo_on_their_record(client, inspector, photo):
    client.force_login(inspector)
    record = client.get(
        f"/surveys/rounds/{photo.response.round_id}/mine/{photo.response_id}/"
    ).content.decode()
    assert f'src="/surveys/photos/{photo.pk}/?size=thumb"' in record
    opened = client.get(f"/surveys/photos/{photo.pk}/")
    assert Image.open(io.BytesIO(b"".join(opened.streaming_content))).format == "JPEG"


def test_a_survey_photo_is_not_found_for_another_unit_another_inspector_and_anonymous(
    client, photo, other_inspector, enterprise_admin
):
    url = f"/surveys/photos/{photo.pk}/"
    assert_not_found(client.get(url))
    for person in (
        enterprise_admin,
        other_inspector,
        make_person("district-admin", unit=make_unit(), role=Role.UNIT_ADMIN),
    ):
        client.force_login(person)
        assert_not_found(client.get(url))
        assert_not_found(client.get(f"{url}?size=thumb"))


def test_a_photo_whose_file_is_missing_is_not_found(client, secretariat, photo):
    photo.file.storage.delete(photo.file.name)
    client.force_login(secretariat)
    assert_not_found(client.get(f"/surveys/photos/{photo.pk}/"))
