"""The permission table: for every named URL, the arguments and the status each kind of
user gets. Each app keeps its rows in tests/<app>/routes.py; test_permission_matrix.py
merges them and fails when a URL of the project has no row.

Users: anon, staff, leader, secretary_a (branch A), secretary_b (outsider to A), nobody
(no role), other_staff (staff of another township). Objects named in the arguments belong
to branch A of the township unless the row says otherwise.
"""

ANON = "anon"
USERS = ["anon", "staff", "leader", "secretary_a", "secretary_b", "nobody", "other_staff"]


def expect(
    anon=302, staff=200, leader=200, secretary_a=200, secretary_b=200, nobody=200, other_staff=200
):
    return {
        "anon": anon,
        "staff": staff,
        "leader": leader,
        "secretary_a": secretary_a,
        "secretary_b": secretary_b,
        "nobody": nobody,
        "other_staff": other_staff,
    }


#: A private object of branch A: its own secretary, staff and leadership read it.
BRANCH_A_PRIVATE = expect(secretary_b=404, nobody=404, other_staff=404)
#: A list anyone with a role may open (showing only what they may see).
ROLE_LIST = expect(nobody=403)
#: Township-wide pages for staff and leadership only.
READERS_ONLY = expect(secretary_a=403, secretary_b=403, nobody=403)
