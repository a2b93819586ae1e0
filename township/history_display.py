"""How the back office's history page words a recorded value: 无 for nothing, 是/否, the
label of a choice; related rows already come as objects (their names)."""

from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper


class ChineseHistoryContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value is None or value == "":
            return _("None")
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.is_relation:
            return dict(field.flatchoices).get(value, value)
        return value
