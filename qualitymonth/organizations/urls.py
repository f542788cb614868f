from django.urls import path

from qualitymonth.organizations import views

app_name = "organizations"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("people/", views.people_list, name="people_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
]
