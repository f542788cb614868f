from django.urls import path

from qualitymonth.members.views import bodies, editing, joining, members, participation, visits

app_name = "members"
urlpatterns = [
    path("members/join/", joining.apply, name="apply"),
    path("members/join/sent/", joining.apply_done, name="apply_done"),
    path("members/join/more/<str:token>/", joining.apply_more, name="apply_more"),
    path("members/applications/", joining.applications, name="applications"),
    path("members/applications/<int:pk>/", joining.application_detail, name="application_detail"),
    path(
        "members/applications/<int:pk>/licence/",
        joining.application_licence,
        name="application_licence",
    ),
    path(
        "members/applications/<int:pk>/documents/<int:document_pk>/",
        joining.application_document,
        name="application_document",
    ),
    path("members/", members.index, name="index"),
    path("members/list/", members.member_list, name="list"),
    path("members/members.xlsx", members.member_list_xlsx, name="list_xlsx"),
    path("members/units/<int:pk>/", members.unit_page, name="unit"),
    path("members/units/<int:pk>/timeline.xlsx", members.unit_page_xlsx, name="unit_xlsx"),
    path("members/units/<int:pk>/terms/", members.term_add, name="term_add"),
    path("members/terms/<int:pk>/edit/", editing.term_edit, name="term_edit"),
    path("members/invoices/<int:pk>/edit/", editing.invoice_edit, name="invoice_edit"),
    path("members/payments/<int:pk>/edit/", editing.payment_edit, name="payment_edit"),
    path("members/dues/", members.dues, name="dues"),
    path("members/dues.xlsx", members.dues_xlsx, name="dues_xlsx"),
    path("members/dues/issue/", members.dues_issue, name="dues_issue"),
    path("members/invoices/<int:pk>/pay/", members.payment_add, name="payment_add"),
    path("members/visits/", visits.visit_list, name="visits"),
    path("members/visits/new/", visits.visit_create, name="visit_create"),
    path("members/visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("members/needs/", visits.needs, name="needs"),
    path("members/follow-ups/", visits.my_follow_ups, name="my_follow_ups"),
    path("members/follow-ups/<int:pk>/done/", visits.follow_up_done, name="follow_up_done"),
    path("members/groups/", bodies.group_list, name="groups"),
    path("members/groups/<int:pk>/", bodies.group_detail, name="group_detail"),
    path("members/groups/<int:pk>/events/", bodies.group_event_create, name="group_event_create"),
    path("members/councils/", bodies.councils, name="councils"),
    path("members/committees/", bodies.committees, name="committees"),
    path("members/participation/", participation.participation, name="participation"),
    path(
        "members/participation/compute/",
        participation.participation_compute,
        name="participation_compute",
    ),
    path(
        "members/participation/runs/<int:pk>/",
        participation.participation_entries,
        name="participation_entries",
    ),
    path(
        "members/participation/runs/<int:pk>/entries.xlsx",
        participation.participation_xlsx,
        name="participation_xlsx",
    ),
]
