from tests.routes import BRANCH_A_PRIVATE, ROLE_LIST

ROUTES = {
    "members:list": (lambda w: {}, ROLE_LIST),
    "members:detail": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_PRIVATE),
}
