"""/api/v1/ routes of participation, named in the ``participation-api`` namespace
(``participation-api:idea-list``) so they cannot clash with the site's url names."""

from rest_framework.routers import SimpleRouter

from .comments import CommentViewSet
from .follows import FollowViewSet
from .ideas import IdeaViewSet
from .moderation import ReportViewSet
from .notifications import NotificationViewSet
from .votes import VoteViewSet

app_name = "participation-api"

router = SimpleRouter()
router.register("ideas", IdeaViewSet, basename="idea")
router.register("comments", CommentViewSet, basename="comment")
router.register("votes", VoteViewSet, basename="vote")
router.register("reports", ReportViewSet, basename="report")
router.register("follows", FollowViewSet, basename="follow")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
