from tests.routes import expect

ROUTES = {
    "home": (lambda w: {}, expect()),
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
    "password_change_done": (lambda w: {}, expect()),
}
