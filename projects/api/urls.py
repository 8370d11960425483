"""/api/v1/projects/ routes. Named in the ``projects-api`` namespace
(``projects-api:project-detail``) so they cannot clash with the site's url names."""

from rest_framework.routers import SimpleRouter

from . import views

app_name = "projects-api"

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")

urlpatterns = router.urls
