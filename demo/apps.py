from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data of `make run`: Jena's strategy with its history, participation
    projects with ideas, comments and votes, a status report, and the demo accounts. It
    sits above every other app and only calls their services."""

    name = "demo"
    verbose_name = _("Demodaten")
