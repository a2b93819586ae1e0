"""The members' back office. Django's admin autodiscovery imports this package; importing the
modules registers their ModelAdmins: members.py (the register), orglife.py (organisational
life and the cadre pipeline)."""

from . import members, orglife  # noqa: F401  (registration side effects)
