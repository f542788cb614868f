from qualitymonth.core.chinese import to_traditional, to_traditional_phrases


def test_interface_text_takes_taiwan_phrasing():
    assert to_traditional_phrases("登录后查看数据库") == "登入後檢視資料庫"


def test_publishing_and_evaluation_subjects_are_not_read_as_software_terms():
    converted = to_traditional_phrases("结果已发布，共120个测评对象；材料类型；区划代码")
    assert converted == "結果已發布，共120個測評對象；材料類型；區劃代碼"


def test_names_are_converted_character_by_character():
    assert to_traditional("上海市质量协会") == "上海市質量協會"
