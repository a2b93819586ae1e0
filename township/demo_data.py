"""What every app's part of the demo shares (`<app>/demo.py`, and the loader in
overview/demo.py): `ensure()`, made-up but valid ID numbers, the county's area codes and the
name of the seed's weak branch. Reads no domain app, so every app may import it."""

import datetime

from stdnum.cn import ric

from .models import Township

AREA_CODE = "510121"  # valid for every birth year in stdnum's table of area codes
#: The seed's 软弱涣散 village; the apps' demos give it its problems.
WEAK_BRANCH = "石板村党支部"

#: The county's other townships for `load_demo --county N`; 青山乡 (the seed's) comes first.
OTHER_TOWNSHIPS = (
    "白云乡 石门镇 龙泉乡 桃源乡 金河镇 长岭乡 清溪镇 凤凰乡 柳林乡 双石镇 新店乡 马鞍乡 太平镇 "
    "永兴乡 高坪乡 红岩镇 三江乡 复兴镇 大河乡 安乐乡 仁和镇 福田乡 东岳乡 西山乡 平安乡 兴隆镇 "
    "团结乡 和平乡 光明乡 东升镇 向阳乡 回龙镇 白马乡 黄龙乡 青林乡 玉泉镇 新民乡 松林乡 龙门乡"
).split()
#: Area codes valid for every birth year in stdnum's table, one per township, so that ID
#: numbers never repeat across the county.
AREA_CODES = [
    "510121",
    "510122",
    "430121",
    "430122",
    "430221",
    "430321",
    "433122",
    "433123",
    "433124",
    "433125",
    "433126",
    "433127",
    "510321",
    "510421",
    "510422",
    "513221",
    "513222",
    "513223",
    "513224",
    "513225",
    "513226",
    "513227",
    "513228",
    "513229",
    "513321",
    "513322",
    "513323",
    "513324",
    "513325",
    "513326",
    "513327",
    "513328",
    "513329",
    "513422",
    "513423",
    "513424",
    "513425",
    "513426",
    "513427",
    "513428",
]


def ensure(model, lookup: dict, values: dict):
    """Create the row, or bring it to `values`; save only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        return obj
    changed = [f for f, v in values.items() if getattr(obj, f) != v]
    if changed:
        for f in changed:
            setattr(obj, f, values[f])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save(update_fields=changed)
    return obj


def make_id_number(
    birth: datetime.date, gender: str, serial: int, area_code: str = AREA_CODE
) -> str:
    """A valid 18-character number: area, birth date, sequence (odd for men), check digit."""
    sequence = (serial * 2 + (1 if gender == "M" else 0)) % 1000
    body = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def area_code_of(township: Township) -> str:
    names = ["青山乡", *OTHER_TOWNSHIPS]
    return AREA_CODES[names.index(township.name)] if township.name in names else AREA_CODE
