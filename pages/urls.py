from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", views.page, {"slug": "impressum"}, name="impressum"),
    path("datenschutz/", views.page, {"slug": "datenschutz"}, name="datenschutz"),
    path("barrierefreiheit/", views.page, {"slug": "barrierefreiheit"}, name="barrierefreiheit"),
    path("leichte-sprache/", views.easy_start, name="easy-start"),
    path("leichte-sprache/<slug:topic>/", views.easy_topic, name="easy-topic"),
    path("gebaerdensprache/", views.sign_language, name="sign-language"),
    path(
        "gebaerdensprache/<slug:topic>/untertitel.vtt",
        views.sign_language_captions,
        name="sign-language-captions",
    ),
]
