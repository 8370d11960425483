"""/api/v1/ routes of follows and notifications (namespace ``notifications-api``)."""

from rest_framework.routers import SimpleRouter

from .views import FollowViewSet, NotificationViewSet

app_name = "notifications-api"

router = SimpleRouter()
router.register("follows", FollowViewSet, basename="follow")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
