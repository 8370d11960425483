"""A published status report in the REST API: the metadata, the headline figures of the
frozen snapshot and links to the page and the PDFs (German, and English where the report
has one)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import StatusReport


class StatusReportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    pdf_en_url = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "title",
            "period_start",
            "period_end",
            "as_of",
            "summary",
            "council_paper_number",
            "council_paper_url",
            "oparl_paper_url",
            "published_at",
            "url",
            "pdf_url",
            "pdf_en_url",
            "totals",
        ]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, obj) -> str:
        return self._absolute(obj.get_absolute_url())

    def get_pdf_url(self, obj) -> str:
        return self._absolute(reverse("reports:report-pdf", args=[obj.pk]))

    @extend_schema_field(
        {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": "The English PDF; null for a report generated before it had one.",
        }
    )
    def get_pdf_en_url(self, obj) -> str | None:
        if not obj.pdf_en:
            return None
        return self._absolute(reverse("reports:report-pdf-en", args=[obj.pk]))

    @extend_schema_field(
        {
            "type": "object",
            "description": "Headline figures of the frozen report (strategy totals).",
            "properties": {
                "overall": {"type": "number", "nullable": True},
                "measures": {"type": "integer"},
                "delayed": {"type": "integer"},
                "stale": {"type": "integer"},
                "updates_in_period": {"type": "integer"},
                "completed_in_period": {"type": "integer"},
                "by_status": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
        }
    )
    def get_totals(self, obj) -> dict:
        return (obj.snapshot.get("strategy") or {}).get("totals", {})
