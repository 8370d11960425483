"""/api/v1/ routes of participation, named in the ``participation-api`` namespace
(``participation-api:idea-list``) so they cannot clash with the site's url names."""

from rest_framework.routers import SimpleRouter

from .ideas import IdeaViewSet

app_name = "participation-api"

router = SimpleRouter()
router.register("ideas", IdeaViewSet, basename="idea")

urlpatterns = router.urls

# Comments and votes (participation/api/comments.py, votes.py).
from .comments import CommentViewSet  # noqa: E402
from .votes import VoteViewSet  # noqa: E402

router.register("comments", CommentViewSet, basename="comment")
router.register("votes", VoteViewSet, basename="vote")
urlpatterns = router.urls

# Reports (participation/api/moderation.py).
from .moderation import ReportViewSet  # noqa: E402

router.register("reports", ReportViewSet, basename="report")
urlpatterns = router.urls
