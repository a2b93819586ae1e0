from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The pages that read across every app: home, dashboard, county, reports, the
    contradiction checks and the demo loader. The top of the import graph: it imports every
    app, and no app imports it (tests/township/test_layout.py)."""

    name = "overview"
    verbose_name = _("Overview")
