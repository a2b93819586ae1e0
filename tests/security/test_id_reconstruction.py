"""Issue 14 item 1: a masked ID number cannot be rebuilt from what the same reader sees.

The mask 510***********0533 hides the area code's tail and the birth date. The area code
is public (every member of a county shares a few), so a whole birth date shown beside the
mask gives the number back: area code + birth date + visible tail, confirmed by the check
digit. This test plays that reader: for every member of the demo township, as leadership,
the county department and the secretary of another branch, it gathers the member list,
every member page it may open and the Excel export, and tries the reconstruction. It
assumes the worst: the reader also knows the member's birth year, its age wherever a page
shows it, and the township's area code. It must rebuild no one.
"""

import calendar
import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from stdnum.cn import ric

from members.models import Member
from township.dates import age_on, today
from township.demo_data import area_code_of
from township.models import Role, User

pytestmark = pytest.mark.django_db

MASKED = re.compile(r"\b(\d{3})\*{11}(\d{3}[\dX])\b")


def _birth_formats(day: datetime.date) -> list[str]:
    return [
        day.strftime("%Y-%m-%d"),
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y年%m月%d日"),
        day.strftime("%Y.%m.%d"),
        day.strftime("%Y/%m/%d"),
        f"{day.year}/{day.month}/{day.day}",
        day.strftime("%Y%m%d"),
    ]


def _candidate_days(member: Member, on: datetime.date, seen: "Seen"):
    if seen.whole_birth_date:
        return [member.birth_date]
    year = member.birth_date.year
    age = age_on(member.birth_date, on)
    days = (
        datetime.date(year, month, day)
        for month in range(1, 13)
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
    )
    # Year and age together leave only the days before or after today's date.
    return [d for d in days if not seen.age or age_on(d, on) == age]


def _rebuilt(member: Member, seen: "Seen", on: datetime.date) -> bool:
    if seen.whole_id:
        return True
    if seen.masked is None:
        return False  # the reader never saw any of the number
    prefix, tail = seen.masked
    candidates = set()
    # The township's area code is public: every member of it shares the code.
    for area in [area_code_of(member.branch.township)]:
        if not area.startswith(prefix):
            continue
        for day in _candidate_days(member, on, seen):
            body = f"{area}{day:%Y%m%d}{tail[:3]}"
            if ric.calc_check_digit(body + "0") == tail[3]:  # stdnum wants a placeholder
                candidates.add(body + tail[3])
    return candidates == {member.id_number}


class Seen:
    def __init__(self):
        self.whole_id = False
        self.whole_birth_date = False
        self.masked = None
        self.age = False

    def read_text(self, member: Member, text: str):
        if member.id_number in text:
            self.whole_id = True
        match = MASKED.search(text)
        if match:
            self.masked = match.groups()
        if any(f in text for f in _birth_formats(member.birth_date)):
            self.whole_birth_date = True


def _export_rows(client) -> dict:
    response = client.get("/members/export/?status=all")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(
        i for i, row in enumerate(rows) if row and "公民身份号码" in [str(c) for c in row]
    )
    header = [str(c) for c in rows[header_at]]
    return {
        "id": header.index("公民身份号码"),
        "rows": [r for r in rows[header_at + 1 :] if any(r)],
    }


def _readers(demo):
    county = User.objects.create_user("xianwei", password="x-County-2016!")
    Role.objects.create(user=county, kind=Role.Kind.COUNTY, county=demo.county)
    secretary = User.objects.get(username="shuji01")
    return [User.objects.get(username="lingdao"), county, secretary]


def test_no_masked_id_number_can_be_rebuilt_by_any_reader(demo, client):
    on = today()
    members = list(Member.objects.filter(branch__township=demo).select_related("branch__township"))
    # 239 on the roster and the one transferred out in January (transfers/demo.py).
    assert len(members) == 240
    rebuilt = []
    for reader in _readers(demo):
        client.force_login(reader)
        own = set(
            Role.objects.filter(user=reader, branch__isnull=False).values_list(
                "branch_id", flat=True
            )
        )
        export = _export_rows(client)
        export_cells = {
            str(row[export["id"]]): [c for c in row if c is not None] for row in export["rows"]
        }
        listing = ""
        page = 1
        while True:
            response = client.get(f"/members/?status=all&page={page}")
            listing += response.content.decode()
            if f"page={page + 1}" not in response.content.decode():
                break
            page += 1
        ages = {}
        for branch_id in {m.branch_id for m in members}:
            response = client.get(f"/branches/{branch_id}/")
            if response.status_code != 200:
                continue
            for row in re.findall(r"<tr>(.*?)</tr>", response.content.decode(), re.S):
                link = re.search(r'href="/members/(\d+)/"', row)
                if link:
                    ages[int(link.group(1))] = {int(n) for n in re.findall(r"<td>(\d+)</td>", row)}
        for member in members:
            if member.branch_id in own:
                continue  # their own branch: shown whole on purpose
            seen = Seen()
            seen.age = age_on(member.birth_date, on) in ages.get(member.pk, set())
            detail = client.get(f"/members/{member.pk}/")
            if detail.status_code == 200:
                seen.read_text(member, detail.content.decode())
            if member.id_number in listing:
                seen.whole_id = True
            for key, cells in export_cells.items():
                if key == member.id_number:
                    seen.whole_id = True
                if seen.masked and key == f"{seen.masked[0]}{'*' * 11}{seen.masked[1]}":
                    for cell in cells:
                        if isinstance(cell, datetime.datetime):
                            cell = cell.date()
                        if cell == member.birth_date or (
                            isinstance(cell, str) and cell in _birth_formats(member.birth_date)
                        ):
                            seen.whole_birth_date = True
            if _rebuilt(member, seen, on):
                rebuilt.append((reader.username, member.name))
    assert rebuilt == [], f"{len(rebuilt)} ID numbers rebuilt, e.g. {rebuilt[:3]}"


def test_the_reconstruction_does_rebuild_a_number_shown_beside_its_birth_date(demo):
    """The attack itself works: a whole birth date beside the mask gives the number back."""
    member = Member.objects.filter(branch__township=demo).select_related("branch__township")[0]
    seen = Seen()
    from members.validators import mask_id_number

    seen.age = True
    seen.read_text(
        member,
        f"{mask_id_number(member.id_number)} {member.birth_date:%Y-%m-%d}",
    )
    assert _rebuilt(member, seen, today())


def test_those_who_manage_the_member_still_see_the_whole_birth_date(demo, client):
    member = Member.objects.filter(branch__township=demo).order_by("pk").first()
    client.force_login(User.objects.get(username="zuzhi"))
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert f"{member.birth_date.year}年{member.birth_date.month}月{member.birth_date.day}日" in page
