"""Published status reports in the REST API (read only). Drafts never appear."""

from rest_framework import viewsets

from ..models import StatusReport
from . import schema
from .serializers import StatusReportSerializer


@schema.status_reports
class StatusReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Published status reports to the city council, the newest first."""

    serializer_class = StatusReportSerializer
    ordering_fields = ["as_of", "published_at"]
    ordering = ["-as_of", "-pk"]
    filterset_fields = ["as_of"]

    def get_queryset(self):
        return StatusReport.objects.filter(state=StatusReport.State.PUBLISHED).defer(
            "html", "html_en"
        )
