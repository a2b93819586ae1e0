from tests.excel_routes import IMPORT_CONFIRM, STAFF_ONLY
from tests.members.orglife_routes import ORGLIFE_ROUTES
from tests.members.unqualified_routes import UNQUALIFIED_ROUTES
from tests.members.upkeep_routes import UPKEEP_ROUTES
from tests.routes import BRANCH_A_PRIVATE, ROLE_LIST

ROUTES = {
    "members:list": (lambda w: {}, ROLE_LIST),
    "members:detail": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_PRIVATE),
    **ORGLIFE_ROUTES,
    **UPKEEP_ROUTES,
    **UNQUALIFIED_ROUTES,
    "members:export": (lambda w: {}, ROLE_LIST),
    "members:import": (lambda w: {}, STAFF_ONLY),
    "members:import-confirm": (lambda w: {}, IMPORT_CONFIRM),
    "members:import-template": (lambda w: {}, STAFF_ONLY),
}
