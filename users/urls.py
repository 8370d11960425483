from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/api-schluessel/", views.api_token, name="api-token"),
]
