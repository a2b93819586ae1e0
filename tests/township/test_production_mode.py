"""The production-mode pass (issue 20): the settings `DEBUG=0` gives, after collectstatic.

The module runs collectstatic into a temporary STATIC_ROOT with the manifest storage of
production (hashed names), then walks every page staff may open (the permission table), the
county's pages and every PDF, with the production security settings and WhiteNoise serving
the collected files. It catches what only production shows: a PDF whose stylesheet is linked
by its hashed name (fetching is strict in tests, so a missing file fails the render), a page
linking a static file collectstatic did not produce, a missing security header.
"""

import os
import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests import test_query_walk
from tests.test_permission_matrix import ROUTES

from ..pdf_utils import assert_cjk_fonts_only, pdf_text

pytestmark = pytest.mark.django_db

stocked_world = test_query_walk.stocked_world

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "township" / "settings.py"

#: The settings production takes from `DEBUG=0`, read from settings.py itself.
PRODUCTION_KEYS = [
    "DEBUG",
    "STORAGES",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def production_settings() -> dict:
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "a-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        values = runpy.run_path(str(SETTINGS_FILE))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return {k: values[k] for k in PRODUCTION_KEYS}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic once for the module, with production's storage."""
    root = tmp_path_factory.mktemp("static_root")
    prod = production_settings()
    assert "Manifest" in prod["STORAGES"]["staticfiles"]["BACKEND"]
    # Compressing echarts with brotli takes a minute on a busy machine and is WhiteNoise's
    # own business: the names, the manifest and the serving are what this module checks.
    skip = ["js", "css", "svg", "txt", "md", "map", "json", "html", "xml"]
    with override_settings(
        STATIC_ROOT=root, STORAGES=prod["STORAGES"], WHITENOISE_SKIP_COMPRESS_EXTENSIONS=skip
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, prod


@pytest.fixture
def production(collected, settings):
    root, prod = collected
    settings.STATIC_ROOT = root
    for key, value in prod.items():
        setattr(settings, key, value)
    settings.ALLOWED_HOSTS = ["testserver"]
    return root


def production_client(user) -> Client:
    """A new client, so that WhiteNoise scans the collected files of this STATIC_ROOT."""
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    if user is not None:
        client.force_login(user)
    return client


def check_headers(response, name):
    assert response["Strict-Transport-Security"].startswith("max-age=31536000"), name
    assert response["X-Frame-Options"] == "DENY", name
    assert response["X-Content-Type-Options"] == "nosniff", name
    assert "script-src 'self'" in response["Content-Security-Policy"], name


STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def check_body(client, response, name, seen_static: set):
    kind = response["Content-Type"]
    if response.streaming:
        b"".join(response.streaming_content)  # an uploaded file, served as it was stored
    elif kind.startswith("application/pdf"):
        assert_cjk_fonts_only(response.content)
        assert pdf_text(response.content).strip(), name
    elif kind.startswith("text/html"):
        html = response.content.decode()
        for url in set(STATIC_LINK.findall(html)) - seen_static:
            seen_static.add(url)
            # Every linked file is the hashed copy collectstatic wrote, served by WhiteNoise.
            assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), f"{name} links unhashed {url}"
            got = client.get(url)
            assert got.status_code == 200, f"{name}: {url} answers {got.status_code}"


def test_production_settings_are_what_debug_0_gives():
    prod = production_settings()
    assert prod["DEBUG"] is False
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]


def test_plain_http_is_redirected_to_https(production, world):
    response = Client().get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_every_page_and_pdf_staff_may_open_works_in_production(production, stocked_world):
    """Every route of the permission table that staff open with 200, each in a savepoint of
    its own as the query walk does; PDFs render with their stylesheet (strict fetching)."""
    client = production_client(stocked_world.staff)
    seen_static, walked, pdfs = set(), 0, 0
    for name, (kwargs_of, expected) in sorted(ROUTES.items()):
        if expected["staff"] != 200:
            continue
        savepoint = transaction.savepoint()
        try:
            world = SimpleNamespace(**vars(stocked_world))
            response = client.get(reverse(name, kwargs=kwargs_of(world)))
            assert response.status_code == 200, name
            check_headers(response, name)
            check_body(client, response, name, seen_static)
            pdfs += not response.streaming and response["Content-Type"] == "application/pdf"
        finally:
            transaction.savepoint_rollback(savepoint)
        walked += 1
    assert walked > 40
    assert pdfs >= 6, "the annual report, profile, disclosure, notice, decision, certificates"
    assert any(url.startswith("/static/css/app.") for url in seen_static)


def test_the_county_pages_and_pdf_work_in_production(production, stocked_world):
    from township.models import Role

    from ..factories import UserFactory

    user = UserFactory(username="xian_prod")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=stocked_world.township.county)
    client = production_client(user)
    seen_static = set()
    for url in [reverse("county"), reverse("reports:county", kwargs={"year": 2016})]:
        response = client.get(url)
        assert response.status_code == 200, url
        check_headers(response, url)
        check_body(client, response, url, seen_static)


def test_the_pdf_stylesheet_is_the_hashed_copy(production, stocked_world):
    """The issue's bug: the annual report linked pdf.<hash>.css and printed without it."""
    from township import pdf

    fetched = []
    original = pdf.safe_url_fetcher

    def recording(url, *args, **kwargs):
        fetched.append(url)
        return original(url, *args, **kwargs)

    pdf.safe_url_fetcher = recording
    try:
        client = production_client(stocked_world.staff)
        response = client.get(reverse("reports:annual", kwargs={"year": 2016}))
    finally:
        pdf.safe_url_fetcher = original
    assert response.status_code == 200
    assert any(re.search(r"/static/css/pdf\.[0-9a-f]{12}\.css$", url) for url in fetched)
    # The stylesheet's footer (page numbers "— 1 —", GB/T 9704) is printed: proof it was
    # applied, since nothing but pdf.css puts a page number on the page.
    assert "— 1 —" in pdf_text(response.content).replace("\n", "")
