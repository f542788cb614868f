"""Each class is backed by an unpublished event of kind "training", and each enrolment becomes
a registration for it: its status and check-in code move to the registration (the code the
trainees hold stays valid: it becomes the ticket's), the enrolment keeps a link to it.

Backwards, the statuses and codes are copied back onto the enrolments; the events made here
are left (they are unpublished and harm nothing)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Max, Min

import qualitymonth.training.models.classes


def _name(user) -> str:
    full = f"{user.first_name} {user.last_name}".strip()
    return (user.display_name or full or user.username)[:100]


def to_registrations(apps, schema_editor):
    TrainingClass = apps.get_model("training", "TrainingClass")
    ClassEnrolment = apps.get_model("training", "ClassEnrolment")
    Event = apps.get_model("events", "Event")
    Venue = apps.get_model("events", "Venue")
    Registration = apps.get_model("events", "Registration")
    for training_class in TrainingClass.objects.filter(event__isnull=True).order_by("pk"):
        sessions = training_class.sessions.aggregate(starts=Min("starts_at"), ends=Max("ends_at"))
        starts = sessions["starts"] or training_class.created_at
        first = training_class.sessions.exclude(venue="").order_by("starts_at", "pk").first()
        event = Event.objects.create(
            kind="training",
            title=training_class.title[:300],
            starts_at=starts,
            ends_at=max(sessions["ends"] or starts, starts),
            registration="open",
            requires_approval=training_class.requires_approval,
            is_published=False,
            is_demo=training_class.is_demo,
        )
        students = training_class.student_enrolments.count()
        venue = Venue.objects.create(
            event=event,
            name=(first.venue if first is not None else "地点另行通知")[:200],
            capacity=max(training_class.capacity - students, 0),
        )
        training_class.event = event
        training_class.save(update_fields=["event"])
        enrolments = ClassEnrolment.objects.filter(training_class=training_class).select_related(
            "user"
        )
        for enrolment in enrolments.order_by("enrolled_at", "pk"):
            registration = Registration.objects.create(
                event=event,
                venue=venue,
                user=enrolment.user,
                unit=enrolment.unit,
                name=_name(enrolment.user),
                status=enrolment.status,
                ticket_code=enrolment.code,
                is_demo=enrolment.is_demo,
            )
            # The waiting list keeps its order: the registration dates from the enrolment.
            Registration.objects.filter(pk=registration.pk).update(created_at=enrolment.enrolled_at)
            enrolment.registration = registration
            enrolment.save(update_fields=["registration"])


def from_registrations(apps, schema_editor):
    ClassEnrolment = apps.get_model("training", "ClassEnrolment")
    for enrolment in ClassEnrolment.objects.filter(registration__isnull=False).select_related(
        "registration"
    ):
        enrolment.status = enrolment.registration.status
        enrolment.code = enrolment.registration.ticket_code
        enrolment.save(update_fields=["status", "code"])
    for enrolment in ClassEnrolment.objects.filter(registration__isnull=True):
        enrolment.code = qualitymonth.training.models.classes.new_code()
        enrolment.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_meeting_kind"),
        ("training", "0008_youth_invigilation_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="classenrolment",
            name="registration",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="class_enrolment",
                to="events.registration",
                verbose_name="registration",
            ),
        ),
        migrations.AddField(
            model_name="trainingclass",
            name="event",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="training_class",
                to="events.event",
                verbose_name="event",
            ),
        ),
        # Not unique for the move (backwards, the codes are given back row by row).
        migrations.AlterField(
            model_name="classenrolment",
            name="code",
            field=models.CharField(default="", max_length=40, verbose_name="check-in code"),
        ),
        migrations.RunPython(to_registrations, from_registrations),
        migrations.RemoveField(model_name="classenrolment", name="cancelled_at"),
        migrations.RemoveField(model_name="classenrolment", name="code"),
        migrations.RemoveField(model_name="classenrolment", name="status"),
    ]
