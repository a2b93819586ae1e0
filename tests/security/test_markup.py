"""Valid markup on our pages (issue 19, item 7), checked with the W3C Nu HTML checker once
(36 errors over the pages of the permission table for staff, leadership and a secretary,
none after) and kept by this test for what was fixed: no id used twice (two forms on one
page), every label naming a control that exists and is not hidden, radio groups named by a
legend (a label for a group points at nothing), no block element inside <summary>, and
date inputs holding ISO dates (a 2016/12/01 value leaves a date picker empty). The back
office's own Django markup is left out."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_permission_matrix import ROUTES

READERS = ["staff", "leader", "secretary_a"]
#: Flow content that <summary> may not hold (it takes phrasing content and headings).
BLOCKS = {"div", "p", "ul", "ol", "dl", "table", "section", "form", "blockquote", "fieldset"}
VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "wbr", "base"}


class Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()
        self.hidden: set[str] = set()
        self.labels: list[str | None] = []
        self.in_summary = 0
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] += 1
            if tag == "input" and a.get("type") == "hidden":
                self.hidden.add(a["id"])
        if tag == "label" and "for" in a:
            self.labels.append(a["for"])
        if tag == "summary":
            self.in_summary += 1
        elif self.in_summary and tag in BLOCKS:
            self.problems.append(f"<{tag}> inside <summary>")
        if tag == "input" and a.get("type") == "date" and a.get("value"):
            value = a["value"]
            if not (len(value) == 10 and value[4] == "-" and value[7] == "-"):
                self.problems.append(f"date input value {value!r}")

    def handle_endtag(self, tag):
        if tag == "summary" and self.in_summary:
            self.in_summary -= 1


def problems(html: str) -> list[str]:
    parser = Markup()
    parser.feed(html)
    found = list(parser.problems)
    found += [f"id {i!r} used {n} times" for i, n in parser.ids.items() if n > 1]
    for target in parser.labels:
        if not target:
            found.append("a label for nothing (empty for=)")
        elif target not in parser.ids:
            found.append(f"a label for the missing id {target!r}")
        elif target in parser.hidden:
            found.append(f"a label for the hidden input {target!r}")
    return found


def test_the_check_finds_what_it_looks_for():
    assert problems('<input id="id_on"><input id="id_on">') == ["id 'id_on' used 2 times"]
    assert problems('<label for="">x</label>') == ["a label for nothing (empty for=)"]
    assert problems('<label for="id_x">x</label>') == ["a label for the missing id 'id_x'"]
    assert problems('<label for="v">v</label><input type="hidden" id="v">') == [
        "a label for the hidden input 'v'"
    ]
    assert problems("<details><summary><h2>x</h2><div>y</div></summary></details>") == [
        "<div> inside <summary>"
    ]
    assert problems('<input type="date" value="2016/12/01">') == ["date input value '2016/12/01'"]
    fine = (
        '<details><summary><h2>x</h2><span class="block">y</span></summary><p>z</p></details>'
        '<label for="a">a</label><input id="a" type="date" value="2016-12-01">'
        "<fieldset><legend>g</legend><input type=radio id=g_0></fieldset>"
    )
    assert problems(fine) == []


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_our_pages_have_unique_ids_and_labels_for_real_controls(name, world, client):
    kwargs_of, expected = ROUTES[name]
    url = reverse(name, kwargs=kwargs_of(world))
    if url.startswith("/admin/"):
        return
    bad = {}
    for who in READERS:
        if expected[who] != 200:
            continue
        client.force_login(getattr(world, who))
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        found = problems(response.content.decode())
        if found:
            bad[who] = found
    assert not bad, f"{url}: {bad}"
