"""Participation URLs under /beteiligung/<project_slug>/…: each part has its module."""

from .views.comments import urlpatterns as comment_urls
from .views.exports import urlpatterns as export_urls
from .views.follows import urlpatterns as follow_urls
from .views.ideas import urlpatterns as idea_urls
from .views.moderation import urlpatterns as moderation_urls
from .views.notifications import urlpatterns as notification_urls
from .views.votes import urlpatterns as vote_urls

app_name = "participation"

# Fixed paths first (benachrichtigungen/...), before the <slug:project_slug>/ ones.
urlpatterns = notification_urls + (
    idea_urls + comment_urls + vote_urls + moderation_urls + follow_urls
)
urlpatterns += export_urls
