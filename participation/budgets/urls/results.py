"""URLs of the budget results pages (namespace ``budgets``)."""

from django.urls import path

from ..views import results as views

urlpatterns = [
    path("<slug:slug>/auszaehlung/", views.count_view, name="count"),
    path("<slug:slug>/ergebnis/", views.results_view, name="results"),
    path("<slug:slug>/ergebnis/protokoll.pdf", views.protocol_pdf_view, name="protocol-pdf"),
    path("<slug:slug>/ergebnis/stimmen.pb", views.pabulib_export_view, name="pabulib-export"),
]
