from tests.routes import BRANCH_A_PRIVATE, ROLE_LIST

ROUTES = {
    "branches:list": (lambda w: {}, ROLE_LIST),
    "branches:detail": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
}
