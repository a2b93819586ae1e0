"""Inline event handlers and javascript: URLs are blocked by our Content Security Policy, so a
button relying on them silently does nothing (issue 13 item 4). Every page of the permission
matrix, for every role, must carry none: behaviour lives in static files (static/js/confirm.js
for data-confirm)."""

import re

import pytest
from django.urls import reverse

from tests.routes import USERS
from tests.test_permission_matrix import ROUTES

# on<event>= as an attribute inside a tag (not text like "onclick" in a sentence).
INLINE_HANDLER = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.S)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


def offences(html: str) -> list[str]:
    found = [m.group(1) for m in INLINE_HANDLER.finditer(html)]
    found += ["javascript: URL" for _ in JAVASCRIPT_URL.finditer(html)]
    return found


def test_the_check_finds_what_it_looks_for():
    assert offences('<button type="submit" onclick="return confirm(1)">x</button>') == ["onclick"]
    assert offences('<form\n method="post" onsubmit="x()">') == ["onsubmit"]
    assert offences('<a href="javascript:void(0)">x</a>') == ["javascript: URL"]
    assert offences('<button data-confirm="确定？">标记完成</button><p>onclick= in text</p>') == []


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_no_page_has_an_inline_handler_for_any_role(name, world, client):
    kwargs_of, expected = ROUTES[name]
    url = reverse(name, kwargs=kwargs_of(world))
    bad = {}
    for who in USERS:
        if who == "anon" or expected[who] != 200:
            continue
        client.force_login(getattr(world, who))
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        found = offences(response.content.decode())
        if found:
            bad[who] = found
    assert not bad, f"{url}: {bad}"


def test_the_confirm_script_is_loaded_on_every_page(world, client):
    client.force_login(world.staff)
    assert "js/confirm.js" in client.get(reverse("home")).content.decode()
