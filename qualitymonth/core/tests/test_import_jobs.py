"""Import jobs whose worker died are given up so the file can be sent again; two uploads of one
file at the same moment make one job. Shown with the sampling frame's import."""

import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from conftest import make_unit
from qualitymonth.core.imports_jobs import STALLED_AFTER, RepeatedFile, fail_stalled, start_import
from qualitymonth.core.models import ImportJob, ImportStatus
from qualitymonth.core.tasks import run_import
from qualitymonth.organizations.models import UnitKind
from qualitymonth.surveys.models import Evaluation, Site
from qualitymonth.surveys.services.frame import SiteImporter

FRAME = "code,name,district\nS1,人民广场,甲区\nS2,外滩,甲区\n".encode()


@pytest.fixture
def evaluation(db):
    make_unit(kind=UnitKind.DISTRICT, key="district-x", name="甲区")
    return Evaluation.objects.create(key="civility", name="文明指数测评")


@pytest.fixture
def desk(client, secretariat, settings):
    client.force_login(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def file() -> SimpleUploadedFile:
    return SimpleUploadedFile("frame.csv", FRAME)


def upload(client, evaluation):
    return client.post(f"/surveys/manage/e/{evaluation.key}/sites/", {"file": file()})


def killed_worker(job: ImportJob, silent_for: datetime.timedelta) -> None:
    """What a worker killed before COMMIT leaves: the job taken, its last heartbeat long ago."""
    moment = timezone.now() - silent_for
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=moment, heartbeat_at=moment, rows_done=1
    )


def test_a_job_whose_worker_died_is_given_up_and_the_retry_imports_the_file_once(desk, evaluation):
    first = upload(desk, evaluation)
    job = ImportJob.objects.get()
    killed_worker(job, STALLED_AFTER + datetime.timedelta(minutes=1))

    # Its page no longer says "importing": the user is told to upload again.
    page = desk.get(first.url).content.decode()
    assert 'data-status="failed"' in page
    assert "gave no sign of life for more than 10 minutes" in page
    assert "upload the file again" in page and 'hx-trigger="every 2s"' not in page
    assert not Site.objects.exists()

    # The retry is not refused as a repeat of the failed job, and imports the rows once.
    retry = upload(desk, evaluation)
    assert retry.status_code == 302
    run_import.call(ImportJob.objects.latest("pk").pk)
    assert "2 sites imported." in desk.get(retry.url).content.decode()
    assert sorted(Site.objects.values_list("code", flat=True)) == ["S1", "S2"]
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not job.upload


def test_a_retry_right_after_the_kill_gives_up_the_dead_job_itself(desk, evaluation):
    upload(desk, evaluation)
    killed_worker(ImportJob.objects.get(), STALLED_AFTER + datetime.timedelta(seconds=5))
    # The user never opened the job's page: the upload itself finds the dead job.
    assert upload(desk, evaluation).status_code == 302
    statuses = list(ImportJob.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [ImportStatus.FAILED, ImportStatus.QUEUED]


def test_a_job_that_beat_recently_is_still_running_and_the_same_file_is_refused(desk, evaluation):
    first = upload(desk, evaluation)
    killed_worker(ImportJob.objects.get(), STALLED_AFTER - datetime.timedelta(minutes=1))
    assert 'data-status="running"' in desk.get(first.url).content.decode()
    again = upload(desk, evaluation)
    assert again.status_code == 400
    assert "This very file is being imported since" in again.content.decode()
    assert ImportJob.objects.count() == 1


def test_the_worker_gives_up_dead_jobs_before_it_takes_the_next(desk, evaluation, secretariat):
    upload(desk, evaluation)
    dead = ImportJob.objects.get()
    killed_worker(dead, STALLED_AFTER * 3)
    other = Evaluation.objects.create(key="service", name="窗口服务测评")
    job = start_import(
        importer=SiteImporter, actor=secretariat, owner="", target=other.pk, upload=file()
    )
    run_import.call(job.pk)
    dead.refresh_from_db()
    assert dead.status == ImportStatus.FAILED
    assert dead.result["file_errors"][0].startswith("The import was given up")


class FrameImportTakenForDead(SiteImporter):
    """The frame's import whose worker stalls between two heartbeats while it checks, for longer
    than STALLED_AFTER, so that a sweep elsewhere gives the job up before the rows are stored."""

    def check(self, job, upload, progress):
        checked = super().check(job, upload, progress)
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - STALLED_AFTER * 2)
        fail_stalled()  # what an upload or the job's page would do meanwhile
        return checked


def test_a_job_given_up_while_its_worker_was_only_slow_stores_nothing(evaluation, secretariat):
    job = start_import(
        importer=FrameImportTakenForDead,
        actor=secretariat,
        owner="",
        target=evaluation.pk,
        upload=file(),
    )
    run_import.call(job.pk)
    job.refresh_from_db()
    # The user was told to upload again: the late worker must not import the rows as well.
    assert job.status == ImportStatus.FAILED
    # In the uploader's language (here the platform's: Simplified Chinese).
    assert job.result["file_errors"][0].startswith("导入已放弃")
    assert not Site.objects.exists()


# Each upload has its own connection, as two requests to two server processes would.
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_uploads_of_one_file_at_the_same_moment_make_one_job(evaluation, secretariat):
    assert connection.vendor == "postgresql"
    racers = 6
    barrier = threading.Barrier(racers)
    queued, refused, errors = [], [], []

    def racer():
        try:
            barrier.wait()
            job = start_import(
                importer=SiteImporter,
                actor=secretariat,
                owner="",
                target=evaluation.pk,
                upload=file(),
            )
            queued.append(job.pk)
        except RepeatedFile as error:
            refused.append(error.earlier.pk)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(queued) == 1 and len(refused) == racers - 1
    # Every refusal names the one job that got in.
    assert set(refused) == set(queued)
    assert list(ImportJob.objects.values_list("pk", flat=True)) == queued
