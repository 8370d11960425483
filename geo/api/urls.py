"""/api/v1/districts/ (namespace ``geo-api``)."""

from rest_framework.routers import SimpleRouter

from .serializers import API_NAMESPACE
from .views import DistrictViewSet

app_name = API_NAMESPACE

router = SimpleRouter()
router.register("districts", DistrictViewSet, basename="district")

urlpatterns = router.urls
