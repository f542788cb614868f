"""Handlers for the training sections of the demo fixtures: 质课堂 courses, a question bank
and its exams, a chief-quality-officer class with qualifications and a district's batch, a
knowledge contest with its leaderboard, and a check-in campaign. Everything is marked demo."""

import datetime
import shutil
import subprocess
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

from qualitymonth.demo.loader import DEMO_PASSWORD, FixtureError, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.organizations.models import User
from qualitymonth.training.models import (
    Answer,
    Appointment,
    AppointmentBatch,
    Attempt,
    CheckIn,
    CheckInCampaign,
    ClassEnrolment,
    ClassSession,
    Contest,
    ContestEntry,
    Course,
    Enrolment,
    Exam,
    Lecturer,
    Lesson,
    LessonKind,
    LessonProgress,
    Qualification,
    QualificationKind,
    Question,
    QuestionBank,
    SessionAttendance,
    TalkRequest,
    TrainingClass,
    VideoCheck,
)
from qualitymonth.training.services.classes import enrol_in_class, fill_free_places
from qualitymonth.training.tasks import probe_lesson


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise FixtureError(f"unknown person {username!r}")
    return user


def _now_plus(days: float = 0, at: str = "09:00") -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=int(days))
    hours, minutes = (int(part) for part in str(at).split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hours, minutes)))


@section("training_people")
def load_training_people(rows: list[dict]) -> Counter:
    counts = Counter()
    hashed = None
    for row in rows:
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            User.objects.create(
                username=row["username"],
                password=hashed,
                display_name=row.get("display_name", ""),
                email=f"{row['username']}@demo.invalid",
                phone=row.get("phone", ""),
            )
            counts["created"] += 1
        else:
            counts["unchanged"] += 1
    return counts


@section("training_banks")
def load_banks(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        bank = save_if_changed(
            QuestionBank,
            {"title": row["title"]},
            {"description": row.get("description", ""), "is_demo": True},
            counts,
        )
        for item in row["questions"]:
            save_if_changed(
                Question,
                {"bank": bank, "text": item["text"]},
                {
                    "kind": item["kind"],
                    "topic": item.get("topic", ""),
                    "difficulty": item.get("difficulty", 2),
                    "points": item.get("points", 1),
                    "choices": item.get("choices", []),
                    "answer": item.get("answer", []),
                    "explanation": item.get("explanation", ""),
                },
                counts,
            )
    return counts


def exam_by_title(title: str | None) -> Exam | None:
    if not title:
        return None
    exam = Exam.objects.filter(title=title).first()
    if exam is None:
        raise FixtureError(f"unknown exam {title!r}")
    return exam


@section("training_exams")
def load_exams(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        exam = save_if_changed(
            Exam,
            {"title": row["title"]},
            {
                "title_en": row.get("title_en", ""),
                "bank": QuestionBank.objects.get(title=row["bank"]),
                "question_count": row["question_count"],
                "time_limit_minutes": row["time_limit_minutes"],
                "max_attempts": row.get("max_attempts", 1),
                "pass_score": row.get("pass_score", 60),
                "is_open": row.get("is_open", False),
                "is_demo": True,
            },
            counts,
        )
        exam.markers.set([_user(name) for name in row.get("markers", [])])
    return counts


# A caption is drawn when a font for it is installed: Chinese titles need a CJK font; the
# English title is drawn with DejaVu; without either the test pattern is plain.
CAPTION_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "title"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "title_en"),
)
DEMO_VIDEO_SECONDS = 6
_told_no_ffmpeg = False


def _caption_filter(item: dict, folder: Path) -> list[str]:
    for font, field in CAPTION_FONTS:
        text = item.get(field, "")
        if text and Path(font).exists():
            # From a file, so that the title needs no escaping for the filter's syntax.
            caption = folder / "caption.txt"
            caption.write_text(text, encoding="utf-8")
            drawn = (
                f"drawtext=fontfile={font}:textfile={caption}:fontsize=20:fontcolor=white"
                ":box=1:boxcolor=black@0.6:boxborderw=6:x=(w-text_w)/2:y=h-text_h-16"
            )
            return ["-vf", drawn]
    return []


def _tiny_video(item: dict) -> bytes | None:
    """A few seconds of test pattern with the lesson's title, made by Debian's ffmpeg when
    it is installed; the demo downloads nothing."""
    global _told_no_ffmpeg
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        if not _told_no_ffmpeg:
            print("Demo: ffmpeg is not installed; the video lessons are shown as text lessons.")
            _told_no_ffmpeg = True
        return None
    source = f"testsrc=duration={DEMO_VIDEO_SECONDS}:size=320x180:rate=15"
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "lesson.mp4"
        command = [ffmpeg, "-v", "error", "-f", "lavfi", "-i", source]
        command += _caption_filter(item, Path(folder))
        command += ["-pix_fmt", "yuv420p", "-movflags", "+faststart", "-y", str(target)]
        try:
            subprocess.run(command, capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return target.read_bytes() if target.exists() else None


@section("training_courses")
def load_courses(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        course = save_if_changed(
            Course,
            {"key": row["key"]},
            {
                "title": row["title"],
                "title_en": row.get("title_en", ""),
                "summary": row.get("summary", ""),
                "summary_en": row.get("summary_en", ""),
                "strand": row["strand"],
                "level": row["level"],
                "hours": Decimal(str(row["hours"])),
                "quiz": exam_by_title(row.get("quiz")),
                "quiz_min_score": row.get("quiz_min_score", 60),
                "is_demo": True,
            },
            counts,
        )
        for position, item in enumerate(row["lessons"], start=1):
            kind = item["kind"]
            video = _tiny_video(item) if kind == LessonKind.VIDEO else None
            if kind == LessonKind.VIDEO and video is None:
                kind = LessonKind.TEXT  # no ffmpeg here: the transcript is the lesson
            lesson = save_if_changed(
                Lesson,
                {"course": course, "position": position},
                {
                    "title": item["title"],
                    "title_en": item.get("title_en", ""),
                    "kind": kind,
                    "body": item.get("body", "")
                    or (item.get("transcript", "") if video is None else ""),
                    "transcript": item.get("transcript", ""),
                },
                counts,
            )
            if video is not None and not lesson.video:
                lesson.video.save(
                    f"demo-{course.key}-{position}.mp4", ContentFile(video), save=False
                )
                lesson.video_type = "video/mp4"
                lesson.save(update_fields=["video", "video_type"])
            if lesson.video and lesson.video_check != VideoCheck.READY:
                # What the worker does after an upload, done here so that the demo's
                # lessons show their poster and length at once.
                probe_lesson(lesson)
        for username in row.get("enrolled", []):
            enrolment, created = Enrolment.objects.get_or_create(
                course=course, user=_user(username), defaults={"is_demo": True}
            )
            counts["created" if created else "unchanged"] += 1
            first = course.lessons.order_by("position").first()
            if created and first is not None:
                LessonProgress.objects.create(
                    enrolment=enrolment, lesson=first, completed_at=timezone.now()
                )
    return counts


def _demo_attempt(exam: Exam, user: User, *, right: int, minutes: float, days_ago: int = 1):
    """A submitted attempt answering the first questions of the bank, `right` of them well;
    a short answer is left for the trainer to mark."""
    attempt = Attempt.objects.filter(exam=exam, user=user).first()
    if attempt is not None:
        return attempt, False
    questions = list(exam.bank.questions.order_by("pk")[: exam.question_count])
    started = timezone.now() - datetime.timedelta(days=days_ago)
    attempt = Attempt.objects.create(
        exam=exam,
        user=user,
        started_at=started,
        deadline=started + exam.time_limit,
        submitted_at=started + datetime.timedelta(minutes=minutes),
        question_ids=[q.pk for q in questions],
        choice_orders={str(q.pk): list(range(len(q.choices))) for q in questions if q.choices},
        max_score=sum(q.points for q in questions),
        is_demo=True,
    )
    score = Decimal(0)
    unmarked = False
    for index, question in enumerate(questions):
        if question.kind == "short":
            points, response, unmarked = None, ["以顾客为关注焦点，持续改进。"], True
        else:
            good = index < right
            response = question.answer if good else []
            points = Decimal(question.points) if good else Decimal(0)
            score += points
        Answer.objects.create(attempt=attempt, question=question, response=response, points=points)
    attempt.score = score
    attempt.passed = None if unmarked else float(score) * 100 / attempt.max_score >= exam.pass_score
    attempt.save(update_fields=["score", "passed"])
    return attempt, True


@section("training_attempts")
def load_attempts(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        _attempt, created = _demo_attempt(
            exam_by_title(row["exam"]),
            _user(row["user"]),
            right=row["right"],
            minutes=row.get("minutes", 10),
        )
        counts["created" if created else "unchanged"] += 1
    return counts


@section("training_qualification_kinds")
def load_kinds(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        save_if_changed(
            QualificationKind,
            {"key": row["key"]},
            {
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "prefix": row["prefix"],
                "validity_years": row["validity_years"],
                "renewal_hours": Decimal(str(row["renewal_hours"])),
            },
            counts,
        )
    return counts


@section("training_classes")
def load_classes(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        kind = row.get("qualification")
        training_class = save_if_changed(
            TrainingClass,
            {"key": row["key"]},
            {
                "title": row["title"],
                "title_en": row.get("title_en", ""),
                "description": row.get("description", ""),
                "organiser": unit_by_key(row.get("organiser")),
                "fee": Decimal(str(row.get("fee", 0))),
                "capacity": row["capacity"],
                "hours": Decimal(str(row["hours"])),
                "exam": exam_by_title(row.get("exam")),
                "qualification_kind": QualificationKind.objects.get(key=kind) if kind else None,
                "is_demo": True,
            },
            counts,
        )
        training_class.trainers.set([_user(name) for name in row.get("trainers", [])])
        sessions = []
        for item in row["sessions"]:
            starts = _now_plus(item["in_days"], item["at"])
            sessions.append(
                save_if_changed(
                    ClassSession,
                    {"training_class": training_class, "title": item["title"]},
                    {
                        "starts_at": starts,
                        "ends_at": starts + datetime.timedelta(hours=item.get("hours", 3)),
                        "venue": item.get("venue", ""),
                        "online_url": item.get("online_url", ""),
                    },
                    counts,
                )
            )
        # The class's event (its places), then the enrolments: registrations for it, made
        # by the service as a person enrolling would.
        fill_free_places(actor=None, training_class=training_class)
        for item in row.get("enrolled", []):
            user = _user(item["user"])
            enrolment = ClassEnrolment.objects.filter(
                training_class=training_class, user=user
            ).first()
            created = enrolment is None
            if created:
                enrolment = enrol_in_class(
                    user=user, training_class=training_class, unit=unit_by_key(item.get("unit"))
                )
            counts["created" if created else "unchanged"] += 1
            for session in sessions[: item.get("attended", 0)]:
                SessionAttendance.objects.get_or_create(session=session, enrolment=enrolment)
    return counts


@section("training_qualifications")
def load_qualifications(rows: list[dict]) -> Counter:
    """Qualifications granted on a given day (numbers as the service gives them), and the
    appointments of a district's published batch."""
    counts = Counter()
    for row in rows:
        kind = QualificationKind.objects.get(key=row["kind"])
        district = unit_by_key(row["district"])
        batch = save_if_changed(
            AppointmentBatch,
            {"title": row["batch"]},
            {"district": district, "kind": kind, "is_demo": True},
            counts,
        )
        granted = datetime.date.fromisoformat(str(row["granted_on"]))
        for number, item in enumerate(row["holders"], start=1):
            holder = _user(item["user"])
            enterprise = unit_by_key(item["unit"])
            valid_until = granted.replace(year=granted.year + kind.validity_years)
            qualification = save_if_changed(
                Qualification,
                {"serial": f"{kind.prefix}-{granted:%Y}-{number:04d}"},
                {
                    "kind": kind,
                    "holder": holder,
                    "holder_name": str(holder),
                    "unit_name": enterprise.name,
                    "granted_on": granted,
                    "valid_until": valid_until,
                    "demo": True,
                },
                counts,
            )
            if item.get("appointed", True):
                save_if_changed(
                    Appointment,
                    {"qualification": qualification, "enterprise": enterprise},
                    {"appointed_on": granted, "batch": batch, "is_demo": True},
                    counts,
                )
        if batch.published_at is None and row.get("published", True):
            batch.published_at = timezone.make_aware(
                datetime.datetime.combine(granted, datetime.time(10, 0))
            )
            batch.save(update_fields=["published_at"])
    return counts


@section("training_contests")
def load_contests(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        exam = exam_by_title(row["exam"])
        contest = save_if_changed(
            Contest,
            {"key": row["key"]},
            {
                "title": row["title"],
                "title_en": row.get("title_en", ""),
                "description": row.get("description", ""),
                "exam": exam,
                "opens_at": _now_plus(row["opens_in_days"]),
                "closes_at": _now_plus(row["closes_in_days"], "22:00"),
                "prizes": row.get("prizes", 0),
                "certificate_top": row.get("certificate_top", 0),
                "certificate_score": row.get("certificate_score"),
                "is_demo": True,
            },
            counts,
        )
        for item in row.get("entries", []):
            user = _user(item["user"])
            attempt, created = _demo_attempt(
                exam, user, right=item["right"], minutes=item["minutes"]
            )
            if created:
                ContestEntry.objects.create(
                    contest=contest,
                    phone=user.phone,
                    phone_verified_at=attempt.started_at,
                    display_name=item["name"],
                    attempt=attempt,
                    is_demo=True,
                )
            counts["created" if created else "unchanged"] += 1
    return counts


@section("training_checkins")
def load_checkins(rows: list[dict]) -> Counter:
    counts = Counter()
    today = timezone.localdate()
    for row in rows:
        campaign = save_if_changed(
            CheckInCampaign,
            {"key": row["key"]},
            {
                "title": row["title"],
                "starts_on": today - datetime.timedelta(days=row["started_days_ago"]),
                "ends_on": today + datetime.timedelta(days=row["ends_in_days"]),
                "streak_goal": row["streak_goal"],
                "is_demo": True,
            },
            counts,
        )
        for item in row.get("streaks", []):
            user = _user(item["user"])
            for days_ago in range(1, item["days"] + 1):
                CheckIn.objects.get_or_create(
                    campaign=campaign, user=user, day=today - datetime.timedelta(days=days_ago)
                )
    return counts


@section("training_lecturers")
def load_lecturers(rows: list[dict]) -> Counter:
    """The speakers' bureau's lecturers and the units' requests for a talk."""
    counts = Counter()
    for row in rows:
        save_if_changed(
            Lecturer,
            {"name": row["name"]},
            {
                "title": row.get("title", ""),
                "topics": "\n".join(row["topics"]),
                "languages": row.get("languages", "普通话"),
                "bio": row.get("bio", ""),
                "user": _user(row["user"]) if row.get("user") else None,
                "is_demo": True,
            },
            counts,
        )
        for item in row.get("requests", []):
            save_if_changed(
                TalkRequest,
                {"unit": unit_by_key(item["unit"]), "topic": item["topic"]},
                {
                    "wanted_on": timezone.localdate() + datetime.timedelta(days=item["in_days"]),
                    "audience_size": item["audience"],
                    "is_demo": True,
                },
                counts,
            )
    return counts
