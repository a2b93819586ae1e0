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
    "513230",
    "513231",
    "513232",
    "513233",
    "513330",
    "513331",
    "513332",
    "513333",
    "513334",
    "513335",
    "513336",
    "513337",
    "513338",
    "513429",
    "513430",
    "513431",
    "513432",
    "513433",
    "513434",
    "513435",
    "513436",
    "513437",
    "433130",
    "522323",
    "522324",
    "522325",
    "522326",
    "522327",
    "522328",
    "522622",
    "522623",
    "522624",
    "522625",
    "522626",
    "522627",
    "522628",
    "522629",
    "522630",
    "522631",
    "522632",
    "522633",
    "522634",
    "522635",
    "522636",
    "522722",
    "522723",
    "522725",
    "522726",
    "522727",
    "522728",
    "522729",
    "522730",
    "522731",
    "522732",
    "530124",
    "532322",
    "532323",
    "532324",
    "532325",
    "532326",
]

#: The most townships `load_demo --county N` builds (issue 20 item 4 benchmarks 100).
MAX_TOWNSHIPS = 100
#: Name parts for the townships beyond the listed ones: a place name of two characters
#: (first × second, in this order), 镇 for every third, 乡 otherwise.
_FIRST = "金 银 石 木 云 竹 梅 杨 碧 丰 乐 宝"
_SECOND = "坪 溪 岭 坝 桥 湾 塘 峰 岗"


def township_names(n: int = MAX_TOWNSHIPS) -> list[str]:
    """The county's first `n` township names (at most MAX_TOWNSHIPS): 青山乡 (the seed's),
    the listed OTHER_TOWNSHIPS, then names made from _FIRST × _SECOND. Deterministic and
    unique; a made name never repeats a listed place with the other suffix (白云乡/白云镇)
    nor the county's name."""
    if not 0 <= n <= MAX_TOWNSHIPS:
        raise ValueError(f"at most {MAX_TOWNSHIPS} townships")
    names = ["青山乡", *OTHER_TOWNSHIPS]
    places = {name[:-1] for name in names} | {"云溪"}  # nor the county's own name (云溪县)
    for first in _FIRST.split():
        for second in _SECOND.split():
            if len(names) >= n:
                return names[:n]
            place = first + second
            if place not in places:
                places.add(place)
                names.append(place + ("镇" if len(names) % 3 == 0 else "乡"))
    return names[:n]


#: Every township name `load_demo` may give, in order (AREA_CODES[i] is the i-th's).
TOWNSHIP_NAMES = tuple(township_names())


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
    if township.name in TOWNSHIP_NAMES:
        return AREA_CODES[TOWNSHIP_NAMES.index(township.name)]
    return AREA_CODE
