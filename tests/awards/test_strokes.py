from awards.strokes import sort_by_strokes, stroke_key
from overview.demo import SURNAMES


def test_names_are_ordered_by_surname_strokes():
    # 丁2 王4 刘6 李7 张7 周8 赵9 黄11 谢12 魏17
    names = ["魏建国", "黄华", "丁一", "谢明", "赵云", "李强", "周平", "王五", "刘德", "张三"]
    assert sort_by_strokes(names) == [
        "丁一",
        "王五",
        "刘德",
        "李强",
        "张三",
        "周平",
        "赵云",
        "黄华",
        "谢明",
        "魏建国",
    ]


def test_same_strokes_are_ordered_by_the_first_stroke():
    # 李 and 张 both 7 strokes: 李 starts with 横, 张 with 折; 吴 竖, 何 撇, 宋 点
    assert sort_by_strokes(["张三", "宋明", "何平", "吴军", "李四"]) == [
        "李四",
        "吴军",
        "何平",
        "宋明",
        "张三",
    ]


def test_same_surname_is_ordered_by_the_given_name():
    assert sort_by_strokes(["王一二", "王五", "王一"]) == ["王一", "王一二", "王五"]


def test_unknown_characters_come_after_known_ones_by_unicode():
    # 龘 and 乜 are not in the table: after every known surname, in code point order
    assert sort_by_strokes(["龘甲", "魏明", "乜乙", "丁一"]) == ["丁一", "魏明", "乜乙", "龘甲"]
    assert stroke_key("乜")[0][0][0] == 1


def test_every_demo_surname_has_a_stroke_count():
    assert all(stroke_key(s)[0][0][0] == 0 for s in SURNAMES)
