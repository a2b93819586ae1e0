from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class TownshipConfig(AppConfig):
    default = True
    name = "township"
    verbose_name = _("Township and accounts")

    def ready(self):
        from . import dataversion

        dataversion.install()  # caches keyed on the data version see every write

        from .safe_str import guard_every_str

        guard_every_str()


class TownshipAdminConfig(admin_apps.AdminConfig):
    """The back office with our site class, so every app's @admin.register uses it."""

    default = False

    default_site = "township.admin_site.TownshipAdminSite"
