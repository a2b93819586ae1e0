"""One word per state, defined once (issue 13 item 5): pages, chart legends and PDFs all take
their labels from here, so a task "in progress" never reads 按要求落实 in one place and
按期推进 in another, and a required meeting with nothing held never shows a tick.

- 已完成 done: finished (a task) or every required period held (a kind of meeting);
- 按期推进 on track: under way, nothing late;
- 已逾期 overdue: a task past its deadline and not done;
- 未开展 not held: a required meeting whose period ended with nothing (valid) held;
- 待开展 pending: nothing done yet, before the deadline.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DONE = "done", _("done")
    ON_TRACK = "on_track", _("progressing on schedule")
    OVERDUE = "overdue", _("overdue")
    NOT_HELD = "not_held", _("not carried out")
    PENDING = "pending", _("not yet due")


#: The CSS tag class of each state (green, plain, red).
STATE_TAGS = {
    State.DONE: "tag tag-ok",
    State.ON_TRACK: "tag",
    State.OVERDUE: "tag tag-danger",
    State.NOT_HELD: "tag tag-danger",
    State.PENDING: "tag",
}


def state_label(key: str) -> str:
    return str(State(key).label)
