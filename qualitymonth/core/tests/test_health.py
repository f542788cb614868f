def test_healthz_answers_while_the_process_is_up(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_checks_the_database(client, db):
    assert client.get("/readyz").json() == {"status": "ok", "checks": {"database": "ok"}}


def use_redis(settings, url):
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {"BACKEND": "qualitymonth.core.redis_cache.RedisCache", "LOCATION": url}
    }


def test_readyz_checks_redis_when_configured(client, db, settings):
    use_redis(settings, "redis://127.0.0.1:6379/15")
    body = client.get("/readyz").json()
    assert body["checks"]["redis"] == "ok"


def test_readyz_reports_an_unreachable_redis(client, db, settings):
    use_redis(settings, "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["redis"].startswith("error")
