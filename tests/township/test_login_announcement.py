"""A failed login is announced to screen readers, not only shown in red."""


def test_a_failed_login_is_announced(world, client):
    response = client.post("/accounts/login/", {"username": "zuzhi", "password": "wrong-pw-1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<ul class="errorlist" role="alert">' in page
