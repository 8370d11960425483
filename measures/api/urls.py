"""/api/v1/ routes of the strategy. Named in the ``measures-api`` namespace
(``measures-api:measure-detail``) so they cannot clash with the site's url names."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "measures-api"

router = DefaultRouter()
router.register("core-areas", views.CoreAreaViewSet, basename="core-area")
router.register("fields", views.FieldOfActionViewSet, basename="field")
router.register("bundles", views.BundleViewSet, basename="bundle")
router.register("measures", views.MeasureViewSet, basename="measure")

urlpatterns = router.urls
