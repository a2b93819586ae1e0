"""Accessibility: axe-core (WCAG 2.1 AA rules) over every page of the permission table for
staff, leadership and a branch secretary, at desktop width, and for the secretary at phone
width too. A critical or serious violation on any of our pages fails; the back office's own
Django markup is left out."""

from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import ROUTES

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js").read_text()
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""


def _html_pages(world, who):
    """The named pages this user may open (200, HTML), as URLs. The table's rows build their
    objects for a fresh world each; here they share one, so a row whose objects clash with an
    earlier row's (one round per year, say) is left out, and counted."""
    client = Client()
    client.force_login(getattr(world, who))
    urls = []
    for name in sorted(ROUTES):
        kwargs_of, expected = ROUTES[name]
        if expected[who] != 200:
            continue
        try:
            with transaction.atomic():
                kwargs = kwargs_of(world)
        except IntegrityError:
            continue
        url = reverse(name, kwargs=kwargs)
        if url.startswith("/admin/"):
            continue
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return urls


def _sweep(page, urls):
    found = {}
    for url in urls:
        page.goto(url)
        page.evaluate(AXE)  # through the DevTools protocol: our CSP rightly blocks inline script
        violations = page.evaluate(RUN_AXE)
        if violations:
            found[url] = violations
    return found


@pytest.mark.parametrize(
    "who,phone",
    [("staff", False), ("leader", False), ("secretary_a", False), ("secretary_a", True)],
)
def test_no_critical_or_serious_violation_on_any_page(world, page_for, who, phone):
    urls = _html_pages(world, who)
    assert len(urls) > 20  # the sweep really walks the pages
    page = page_for(getattr(world, who), phone=phone)
    found = _sweep(page, urls)
    report = "\n".join(
        f"{url}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
        for url, violations in found.items()
        for v in violations
    )
    assert not found, f"axe found {len(found)} pages with violations:\n{report}"
