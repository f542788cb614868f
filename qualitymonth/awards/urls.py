from django.urls import path

from qualitymonth.awards.views import applicant, public, reviewer, secretariat

app_name = "awards"

urlpatterns = [
    path("awards/", public.index, name="index"),
    path("awards/rounds/<int:pk>/", public.round_detail, name="round"),
    path("awards/notices/<int:pk>/", public.notice_detail, name="notice"),
    path("awards/verify/", public.verify, name="verify"),
    path("awards/verify/<str:serial>/", public.verify, name="verify_serial"),
    path("awards/rounds/<int:pk>/apply/", applicant.start, name="start"),
    path("awards/applications/", applicant.mine, name="mine"),
    path("awards/applications/<int:pk>/", applicant.application_detail, name="application"),
    path("awards/applications/<int:pk>/attach/", applicant.attach, name="attach"),
    path(
        "awards/applications/<int:pk>/attachments/<int:attachment_pk>/remove/",
        applicant.detach,
        name="detach",
    ),
    path("awards/applications/<int:pk>/submit/", applicant.submit, name="submit"),
    path("awards/applications/<int:pk>/recommend/", applicant.recommend, name="recommend"),
    path(
        "awards/applications/<int:pk>/certificate.pdf",
        applicant.certificate_pdf,
        name="certificate_pdf",
    ),
    path("awards/attachments/<int:pk>/", applicant.attachment_file, name="attachment"),
    path("awards/reviews/", reviewer.desk, name="desk"),
    path("awards/reviews/<int:pk>/", reviewer.review, name="review"),
    path("awards/reviews/<int:pk>/recuse/", reviewer.recuse, name="recuse"),
    path("awards/rounds/<int:pk>/manage/", secretariat.manage, name="manage"),
    path("awards/rounds/<int:pk>/steps/<slug:step>/", secretariat.step, name="step"),
    path("awards/rounds/<int:pk>/assign/", secretariat.assign, name="assign"),
    path("awards/rounds/<int:pk>/auto-assign/", secretariat.auto_assign, name="auto_assign"),
    path(
        "awards/rounds/<int:pk>/reviews/<int:review_pk>/reopen/",
        secretariat.reopen,
        name="reopen",
    ),
    path("awards/rounds/<int:pk>/grades/", secretariat.grades, name="grades"),
    path(
        "awards/rounds/<int:pk>/objections/<int:objection_pk>/resolve/",
        secretariat.resolve,
        name="resolve",
    ),
    path(
        "awards/rounds/<int:pk>/objections/<int:objection_pk>/evidence/",
        secretariat.evidence,
        name="evidence",
    ),
    path(
        "awards/rounds/<int:pk>/applications/<int:application_pk>/withdraw/",
        secretariat.withdraw,
        name="withdraw",
    ),
    path(
        "awards/rounds/<int:pk>/export/<slug:what>.<slug:fmt>",
        secretariat.export,
        name="export",
    ),
]
