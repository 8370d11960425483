from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("massnahmen/", views.measure_list, name="measure-list"),
    path("massnahmen/<slug:slug>/", views.measure_detail, name="measure-detail"),
    path("buendel/<slug:slug>/", views.bundle_detail, name="bundle-detail"),
]
