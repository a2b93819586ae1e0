from township.models import Township
from township.permissions import is_staff_of


def can_edit_report_text(user, township: Township) -> bool:
    """The narrative of a township's annual report is written by its organisation staff;
    leadership read the report and change nothing."""
    return is_staff_of(user, township.pk)
