from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
]
