from django.urls import path

from . import views

app_name = "barriers"

urlpatterns = [
    path("", views.report, name="report"),
    path("danke/", views.thanks, name="thanks"),
]
