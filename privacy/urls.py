from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("daten/", views.data, name="data"),
    path("daten/auskunft/", views.data_export_create, name="data-export-create"),
    path("daten/auskunft/<int:pk>/", views.data_export_download, name="data-export-download"),
    path("loeschen/", views.account_delete, name="account-delete"),
]
