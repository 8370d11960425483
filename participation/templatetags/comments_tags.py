# Replaced by the comments part: {% comment_thread target %}
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_thread(context, target):
    return ""
