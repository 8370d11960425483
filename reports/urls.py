from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("berichte/", views.report_list, name="report-list"),
    path("berichte/neu/", views.report_edit, name="report-create"),
    path("berichte/<int:pk>/", views.report_detail, name="report-detail"),
    path("berichte/<int:pk>/bearbeiten/", views.report_edit, name="report-edit"),
    path("berichte/<int:pk>/erzeugen/", views.report_generate, name="report-generate"),
    path("berichte/<int:pk>/veroeffentlichen/", views.report_publish, name="report-publish"),
    path("berichte/<int:pk>/pdf/", views.report_pdf, name="report-pdf"),
    path("berichte/<int:pk>/pdf/en/", views.report_pdf_en, name="report-pdf-en"),
    path("berichte/<int:pk>/status/", views.report_status, name="report-status"),
]
