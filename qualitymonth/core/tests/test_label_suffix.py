import pytest


@pytest.mark.parametrize(("language", "label"), [("zh-hans", "搜索："), ("en", "Search:")])
def test_form_labels_end_with_the_readers_colon(client, db, language, label):
    client.cookies["qm_language"] = language
    page = client.get("/units/").content.decode()
    assert f'<label for="id_q">{label}</label>' in page
