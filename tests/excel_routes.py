"""Permission rows shared by the Excel import pages (tests/<app>/routes.py use them)."""

from tests.routes import expect

#: Imports write a whole township: staff only. Leadership and secretaries are inside the
#: township but may not change it (403); staff of another township import into their own.
STAFF_ONLY = expect(leader=403, secretary_a=403, secretary_b=403, nobody=403)
#: The confirm step is POST only: a GET is refused whoever asks.
IMPORT_CONFIRM = expect(
    staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
)
