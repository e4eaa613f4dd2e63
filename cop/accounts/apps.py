from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cop.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from cop.accounts import privacy, receivers

        receivers.connect()
        privacy.register_account_sections()
