from django.urls import path

from . import letter_views, views

app_name = "verification"

urlpatterns = [
    path("wohnsitz/", views.status, name="status"),
    path("wohnsitz/brief/", letter_views.letter_request, name="letter-request"),
    path("wohnsitz/brief/code/", letter_views.letter_redeem, name="letter-redeem"),
]
