from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .permissions import can_use_admin


class TownshipAdminSite(admin.AdminSite):
    site_header = _("Township Party organisation system · back office")
    site_title = _("Back office")
    index_title = _("Organisation office")

    def has_permission(self, request):
        """Organisation staff (and superusers) only; Django's is_staff flag is not used."""
        return request.user.is_active and can_use_admin(request.user)
