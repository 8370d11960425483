from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Beteiligungsprojekte")

    def ready(self) -> None:
        from verification.services import age_rules

        from . import eligibility, pagecache

        pagecache.connect()
        if eligibility.open_age_rules not in age_rules:
            age_rules.append(eligibility.open_age_rules)
