from django.core.files.base import ContentFile

from tests.routes import BRANCH_A_PRIVATE, ROLE_LIST, expect

from .factories import (
    PDF,
    CalendarTokenFactory,
    EvidenceFactory,
    LetterFactory,
    PlanFactory,
    TaskFactory,
    TaskUpdateFactory,
)

#: POST-only views answer GET with 405 once the user is logged in.
POST_ONLY = expect(
    staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
)


def _task_a(w):
    return TaskFactory(branch=w.branch_a)


def _letter_with_scan(w):
    return LetterFactory(branch=w.branch_a, scan=ContentFile(PDF, name="letter.pdf"))


ROUTES = {
    "plans:index": (lambda w: {}, ROLE_LIST),
    # The township's plan: everyone with a role in it; other townships have no 2016 plan.
    "plans:plan": (
        lambda w: {"year": PlanFactory(township=w.township).year},
        expect(nobody=403, other_staff=404),
    ),
    "plans:task": (lambda w: {"pk": _task_a(w).pk}, BRANCH_A_PRIVATE),
    "plans:task-update": (lambda w: {"pk": _task_a(w).pk}, POST_ONLY),
    "plans:task-done": (lambda w: {"pk": _task_a(w).pk}, POST_ONLY),
    "plans:task-reopen": (lambda w: {"pk": _task_a(w).pk}, POST_ONLY),
    "plans:update-confirm-late": (
        lambda w: {"pk": TaskUpdateFactory(task=_task_a(w)).pk},
        POST_ONLY,
    ),
    "plans:evidence": (
        lambda w: {"pk": EvidenceFactory(update=TaskUpdateFactory(task=_task_a(w))).pk},
        BRANCH_A_PRIVATE,
    ),
    "plans:letters": (lambda w: {"year": 2016}, ROLE_LIST),
    "plans:letter-edit": (
        lambda w: {"pk": LetterFactory(branch=w.branch_a).pk},
        expect(leader=403, secretary_a=403, secretary_b=404, nobody=404, other_staff=404),
    ),
    "plans:letter-scan": (lambda w: {"pk": _letter_with_scan(w).pk}, BRANCH_A_PRIVATE),
    "plans:calendar": (lambda w: {}, ROLE_LIST),
    "plans:calendar-reset": (lambda w: {}, POST_ONLY),
    # The feed needs no login: the secret token is the key.
    "plans:ical": (
        lambda w: {"token": CalendarTokenFactory(user=w.secretary_a).token},
        expect(anon=200),
    ),
}


ROUTES["plans:tasks-new"] = (
    lambda w: {"pk": TaskFactory(branch=w.branch_a).measure_id},
    expect(leader=403, secretary_a=403, secretary_b=403, nobody=404, other_staff=404),
)
ROUTES["plans:letters-issue"] = (lambda w: {"year": 2016}, POST_ONLY)
ROUTES["plans:export"] = (
    lambda w: {"year": PlanFactory(township=w.township).year},
    expect(nobody=403, other_staff=404),
)
# Starting next year's plan: staff of the plan's township only.
ROUTES["plans:next-year"] = (
    lambda w: {"pk": PlanFactory(township=w.township).pk},
    expect(leader=403, secretary_a=403, secretary_b=403, nobody=404, other_staff=404),
)
ROUTES["plans:next-year-start"] = (
    lambda w: {"pk": PlanFactory(township=w.township).pk},
    POST_ONLY,
)
