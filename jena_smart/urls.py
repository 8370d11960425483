from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView

from core import views
from core.api.docs import api_docs

admin.site.site_header = _("Jena Smart – Verwaltung")
admin.site.site_title = _("Jena Smart")
admin.site.index_title = _("Verwaltung")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("jena_smart.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the reference rendered on the server from the schema (core/api/docs.py says why)
    path("api/docs/", api_docs, name="api-docs"),
]

urlpatterns += i18n_patterns(
    # before the admin's own jsi18n/: the admin's catalogue plus the German texts Django lacks
    path(
        "admin/jsi18n/",
        admin.site.admin_view(views.admin_javascript_catalog, cacheable=True),
        name="admin-jsi18n",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("pages.urls")),
    # reports first: its fixed paths (berichte/, dashboard/) sit beside measures' pages.
    path("strategie/", include("reports.urls")),
    path("strategie/", include("measures.urls")),
    path("offene-daten/", include("opendata.urls")),
    # participation first: its fixed paths (abonnements/, melden/, ...) win over <slug>/.
    path("buergerbudget/", include("participation.budgets.urls")),
    path("beteiligung/", include("participation.notifications.urls")),
    path("beteiligung/", include("participation.moderation.urls")),
    path("beteiligung/", include("participation.polls.urls")),
    path("beteiligung/", include("participation.ideas.urls")),
    path("beteiligung/", include("projects.urls")),
    path("konto/", include("users.urls")),
    path("konto/", include("verification.urls")),
    path("konto/", include("privacy.urls")),
    path("barriere-melden/", include("barriers.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
