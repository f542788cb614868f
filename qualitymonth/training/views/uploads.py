"""The resumable upload of a lesson's video (tus protocol, core.uploads_resumable): only
those who may edit the courses; an upload is its starter's alone (anyone else's answers 404).
The assembled file goes through the same content check and save as the lesson form's."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csrf import csrf_protect

from qualitymonth.core import uploads_resumable as resumable
from qualitymonth.core.permissions import permission_required
from qualitymonth.training import media, selectors_editing
from qualitymonth.training.models import Lesson

PURPOSE = "training.lesson_video"


def _lesson(key, pk) -> Lesson:
    course = selectors_editing.get_course_to_edit(key)
    return get_object_or_404(course.lessons, pk=pk)


@csrf_protect
@permission_required("training.edit_courses")
def video_uploads(request, key, pk):
    lesson = _lesson(key, pk)
    return resumable.creation_view(
        request,
        purpose=PURPOSE,
        target={"lesson": lesson.pk},
        max_bytes=media.max_video_bytes(),
        location=lambda upload_id: reverse(
            "training:video_upload", args=[key, lesson.pk, upload_id]
        ),
    )


@csrf_protect
def video_upload(request, key, pk, upload_id):
    # An upload's address is its starter's alone: to anyone else, of whatever unit or role,
    # it does not exist.
    if not request.user.has_perm("training.edit_courses"):
        raise Http404
    lesson = _lesson(key, pk)

    def on_complete(upload, assembled):
        media.replace_video(actor=request.user, lesson=lesson, upload=assembled)

    return resumable.upload_view(
        request,
        upload_id,
        purpose=PURPOSE,
        target={"lesson": lesson.pk},
        max_bytes=media.max_video_bytes(),
        on_complete=on_complete,
    )
