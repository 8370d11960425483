"""/api/v1/ routes of ideas, comments and votes (namespace ``ideas-api``)."""

from rest_framework.routers import SimpleRouter

from .views.comments import CommentViewSet
from .views.ideas import IdeaViewSet
from .views.votes import VoteViewSet

app_name = "ideas-api"

router = SimpleRouter()
router.register("ideas", IdeaViewSet, basename="idea")
router.register("comments", CommentViewSet, basename="comment")
router.register("votes", VoteViewSet, basename="vote")

urlpatterns = router.urls
