"""/api/v1/status-reports/. No namespace: the names are ``status-report-list`` and
``status-report-detail``, as they have always been."""

from rest_framework.routers import SimpleRouter

from .views import StatusReportViewSet

router = SimpleRouter()
router.register("status-reports", StatusReportViewSet, basename="status-report")

urlpatterns = router.urls
