from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from forums import privacy

        privacy.register()
