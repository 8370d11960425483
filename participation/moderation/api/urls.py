"""/api/v1/flags/ (namespace ``moderation-api``)."""

from rest_framework.routers import SimpleRouter

from .views import FlagViewSet

app_name = "moderation-api"

router = SimpleRouter()
router.register("flags", FlagViewSet, basename="flag")

urlpatterns = router.urls
