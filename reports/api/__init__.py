"""/api/v1/status-reports/: the published status reports, read only.

``serializers`` shape a report, ``views`` lists the published ones, ``schema`` holds the
OpenAPI words, ``urls`` the routes (no namespace: ``status-report-list``)."""
