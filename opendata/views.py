"""The open-data page, the downloads and the DCAT-AP.de catalogue (all public, GET only).

Thin views: ``datasets`` says what exists, ``exports`` builds the files, ``catalogue``
the RDF, ``selectors`` reads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import catalogue, exports, selectors
from .datasets import DATASETS, Dataset, Distribution, standard_licence


@dataclass(frozen=True)
class FileLink:
    distribution: Distribution
    url: str  # canonical (German, unprefixed) path of the download


@dataclass(frozen=True)
class DatasetEntry:
    dataset: Dataset
    files: list[FileLink]
    modified: datetime.datetime | None


@require_safe
def index(request):
    modified = selectors.modified_by_dataset()
    entries = [
        DatasetEntry(
            dataset=dataset,
            files=[
                FileLink(dist, exports.german_reverse(f"opendata:{dist.url_name}"))
                for dist in dataset.distributions
            ],
            modified=modified.get(dataset.identifier),
        )
        for dataset in DATASETS
    ]
    catalogue_links = {
        extension: exports.german_reverse(f"opendata:catalogue-{extension}")
        for extension in catalogue.FORMATS
    }
    return render(
        request,
        "opendata/index.html",
        {
            "entries": entries,
            "licence": standard_licence(),
            "publisher": settings.OPEN_DATA_PUBLISHER_NAME,
            "catalogue_links": catalogue_links,
        },
    )


def file_view(distribution: Distribution):
    """The view of one download (registered in urls.py for every distribution)."""
    build = exports.BUILDERS[distribution.filename]

    @require_safe
    def view(request):
        return build(distribution)

    view.__name__ = f"download_{distribution.url_name.replace('-', '_')}"
    return view


@require_safe
def catalogue_view(request, extension: str):
    graph = catalogue.catalogue_graph()
    _rdflib_format, content_type = catalogue.FORMATS[extension]
    response = HttpResponse(catalogue.serialise(graph, extension), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="jena-smart-katalog.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
