"""``{% residence_summary %}``: the person's residence confirmation in one sentence with
the link to the verification page (on the account page, which belongs to a lower app)."""

from django import template

from verification.rules import current_verification

register = template.Library()


@register.inclusion_tag("verification/includes/summary.html", takes_context=True)
def residence_summary(context):
    return {"verification": current_verification(context["request"].user)}
