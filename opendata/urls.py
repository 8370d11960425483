"""/offene-daten/: the page, one URL per file (from ``datasets.DATASETS``) and the
catalogue in three serialisations."""

from django.urls import path

from . import views
from .catalogue import FORMATS
from .datasets import all_distributions

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    *(
        path(dist.filename, views.file_view(dist), name=dist.url_name)
        for _dataset, dist in all_distributions()
    ),
    *(
        path(
            f"katalog.{extension}",
            views.catalogue_view,
            {"extension": extension},
            name=f"catalogue-{extension}",
        )
        for extension in FORMATS
    ),
]
