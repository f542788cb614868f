from django.urls import path

from qualitymonth.newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("newsletters/", views.index, name="index"),
    path("newsletters/new/", views.edit, name="new"),
    path("newsletters/<int:pk>/", views.edit, name="edit"),
    path("newsletters/<int:pk>/send/", views.send, name="send"),
    path("newsletters/<int:pk>/bounces/", views.bounces, name="bounces"),
    path("newsletters/opened/<str:token>.gif", views.opened, name="opened"),
    path("newsletters/subscriptions/", views.subscriptions, name="subscriptions"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
