"""Every URL of the project × every kind of user: login redirect, 200, 403 or 404."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.routes import USERS


def _all_routes() -> dict:
    routes = {}
    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                module = importlib.import_module(f"tests.{info.name}.routes")
            except ModuleNotFoundError:
                continue
            routes.update(module.ROUTES)
    return routes


ROUTES = _all_routes()


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns == "admin":
                continue  # the back office has its own tests (tests/township/test_admin.py)
            yield from _named_urls(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_url_has_a_row():
    missing = sorted(set(_named_urls()) - set(ROUTES))
    assert not missing, f"URLs without a row in a tests/<app>/routes.py: {missing}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_permission_table(name, world, client):
    kwargs_of, expected = ROUTES[name]
    url = reverse(name, kwargs=kwargs_of(world))
    got = {}
    for who in USERS:
        client.logout()
        if who != "anon":
            client.force_login(getattr(world, who))
        got[who] = client.get(url).status_code
    assert got == expected
