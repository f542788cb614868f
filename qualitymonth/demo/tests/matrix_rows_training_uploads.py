"""Permission-matrix rows of the resumable upload of a lesson's video (training/views/uploads.py),
kept beside training's rows so that the two are edited apart.

Starting an upload is the course editors' (the secretariat's); an upload's own address is its
starter's alone: to anyone else, the secretariat's colleagues included, it does not exist.
"""

from qualitymonth.demo.tests.matrix import NOT_FOUND, POST_ONLY, WRITES, Row, answers, staff_page
from qualitymonth.demo.tests.matrix_rows_training import first_lesson

ROWS = {
    "training_uploads": [
        Row(
            "training:video_uploads",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=first_lesson,
        ),
        Row(
            "training:video_upload",
            answers(NOT_FOUND),
            post=answers(NOT_FOUND),
            args=lambda: [*first_lesson(), "0" * 32],
        ),
    ]
}
