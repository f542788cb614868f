def test_the_api_reference_is_laid_out_for_the_phones_width(client):
    # Without a viewport a phone lays the reference out 980 px wide and shrinks it unreadably.
    page = client.get("/api/docs").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "css/api-docs.css" in page
    assert 'id="swagger-ui"' in page
