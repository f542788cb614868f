import re

import pytest

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


@pytest.mark.parametrize("path", ["/", "/units/", "/accounts/login/", "/api/docs"])
def test_pages_load_nothing_from_outside_the_platform(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert EXTERNAL.findall(response.content.decode()) == []
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
