"""Public lists follow the program's stated order: grade, then pinyin or stroke order."""

from qualitymonth.awards import selectors
from qualitymonth.awards.models import ApplicationStatus, RoundStatus
from qualitymonth.awards.tests.conftest import make_application, make_round


def listed(round_, *entries):
    grades = {grade.name: grade for grade in round_.grades.all()}
    for name, grade in entries:
        application = make_application(round_, name=name, status=ApplicationStatus.AWARDED)
        application.grade = grades[grade]
        application.save()
    round_.status = RoundStatus.FINAL
    round_.save()
    return [a.holder_name for a in selectors.public_entries(round_)]


def test_persons_are_listed_by_stroke_count_within_a_grade(craftsman_program, rubric):
    round_ = make_round(craftsman_program, rubric)
    # 丁 has 2 strokes, 王 4, 李 7; in pinyin 李 would come before 王.
    names = listed(round_, ("李明", "一等奖"), ("王芳", "一等奖"), ("丁一", "一等奖"))
    assert names == ["丁一", "王芳", "李明"]


def test_units_are_listed_by_pinyin_within_a_grade_and_by_grade_first(program, rubric):
    round_ = make_round(program, rubric)
    names = listed(
        round_,
        ("中国商飞", "二等奖"),
        ("宝钢股份", "一等奖"),
        ("上海电气", "一等奖"),
        ("安徽某公司", "二等奖"),
    )
    assert names == ["宝钢股份", "上海电气", "安徽某公司", "中国商飞"]
