from django.conf import settings


def site(request):
    """Values every page template needs: the site's name and contact."""
    return {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
