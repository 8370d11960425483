from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", views.page, {"slug": "impressum"}, name="impressum"),
    path("datenschutz/", views.page, {"slug": "datenschutz"}, name="datenschutz"),
    path("barrierefreiheit/", views.page, {"slug": "barrierefreiheit"}, name="barrierefreiheit"),
]
