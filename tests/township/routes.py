from tests.routes import BRANCH_A_PRIVATE, READERS_ONLY, ROLE_LIST, expect

COUNTY_ONLY = expect(
    staff=403, leader=403, secretary_a=403, secretary_b=403, nobody=403, other_staff=403
)

ROUTES = {
    "home": (lambda w: {}, expect()),
    "dashboard": (lambda w: {}, READERS_ONLY),
    # The county department's pages: no township role reaches them (tests/township/test_county.py).
    "county": (lambda w: {}, COUNTY_ONLY),
    "reports:county": (lambda w: {"year": 2016}, COUNTY_ONLY),
    "reports:index": (lambda w: {}, ROLE_LIST),
    "reports:annual": (lambda w: {"year": 2016}, READERS_ONLY),
    "reports:branch-profile": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "reports:branch-profile-docx": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "reports:annual-docx": (lambda w: {"year": 2016}, READERS_ONLY),
    # The narrative of the annual report: written by staff (of their own township), read-only
    # for leadership.
    "reports:annual-text": (
        lambda w: {"year": 2016},
        expect(leader=403, secretary_a=403, secretary_b=403, nobody=403),
    ),
    "login": (
        lambda w: {},
        expect(
            anon=200,
            staff=302,
            leader=302,
            secretary_a=302,
            secretary_b=302,
            nobody=302,
            other_staff=302,
        ),
    ),
    # Logging out is a POST; a GET is refused whoever asks.
    "logout": (
        lambda w: {},
        expect(
            anon=302,
            staff=405,
            leader=405,
            secretary_a=405,
            secretary_b=405,
            nobody=405,
            other_staff=405,
        ),
    ),
    "password_change": (lambda w: {}, expect()),
    # Staff see their own township's locked accounts (tests/township/test_lockouts.py).
    "lockouts": (
        lambda w: {},
        expect(leader=403, secretary_a=403, secretary_b=403, nobody=403),
    ),
    "lockout-clear": (
        lambda w: {},
        expect(
            staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
        ),
    ),
    "password_change_done": (lambda w: {}, expect()),
}
