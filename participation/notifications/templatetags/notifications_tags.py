"""``{% unread_notifications_count %}``: the signed-in person's unread notifications for
the header (one cheap COUNT, remembered for the request; 0 for anonymous visitors)."""

from django import template

from participation.notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications_count(context) -> int:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    holder = request if request is not None else user
    cached = getattr(holder, "_unread_notifications_count", None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        holder._unread_notifications_count = cached
    return cached
