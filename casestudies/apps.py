from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = _("Études de cas")

    def ready(self) -> None:
        from casestudies import privacy

        privacy.register()
