import re

from django.urls import reverse

from qualitymonth.core.models import ApiToken, AuditEntry


def create_token_on_profile(client, name="区活动报送脚本"):
    response = client.post(reverse("profile"), {"name": name})
    return re.search(r'data-testid="new-token">([^<]+)<', response.content.decode()).group(1)


def test_a_person_creates_a_token_and_the_api_knows_them_by_it(client, bureau_admin):
    client.force_login(bureau_admin)
    key = create_token_on_profile(client)
    client.logout()
    me = client.get("/api/me", headers={"Authorization": f"Bearer {key}"}).json()
    assert me["username"] == "huangpu-admin"
    assert me["positions"][0]["role"] == "unit_admin"


def test_only_a_hash_of_the_token_is_stored(client, bureau_admin):
    client.force_login(bureau_admin)
    key = create_token_on_profile(client)
    token = ApiToken.objects.get()
    assert key not in (token.key_hash, token.prefix)
    assert token.key_hash == ApiToken.hash_key(key)


def test_a_revoked_token_stops_working_and_the_revocation_is_audited(client, bureau_admin):
    client.force_login(bureau_admin)
    key = create_token_on_profile(client)
    token = ApiToken.objects.get()
    client.post(reverse("revoke_token", args=[token.pk]))
    client.logout()
    assert client.get("/api/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=bureau_admin).exists()


def test_nobody_revokes_another_persons_token(client, bureau_admin, enterprise_admin):
    client.force_login(bureau_admin)
    create_token_on_profile(client)
    token = ApiToken.objects.get()
    client.force_login(enterprise_admin)
    assert client.post(reverse("revoke_token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_the_token_use_time_is_recorded(client, bureau_admin):
    client.force_login(bureau_admin)
    key = create_token_on_profile(client)
    client.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert ApiToken.objects.get().last_used_at is not None
