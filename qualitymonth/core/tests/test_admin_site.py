"""The admin is the secretariat's (a Position with the secretariat role in the association), not
Django's is_staff: every task the README sends there opens for them, and for nobody else."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import override

from conftest import make_person
from qualitymonth.organizations.models import Role

NO_PERMISSION = "你没有查看或编辑的权限"
OUR_APPS = ["organizations", "core", "campaigns", "events", "awards", "surveys", "enquiries"]

# Every admin page the README (and the pages linking to the admin) send the secretariat to.
README_TASKS = [
    # events: "The secretariat edits events in /admin/"
    "events_event",
    "events_series",
    # recognition: "programs, rubrics and rounds in /admin/ … panels … declared conflicts"
    "awards_program",
    "awards_rubric",
    "awards_round",
    "awards_panel",
    "awards_conflict",
    # workdays: "a year the library does not know yet can be entered as calendar days"
    "core_calendarday",
    # surveys: /surveys/manage/ links here; "edit weights … in the admin"
    "surveys_evaluation",
    "surveys_indicatorsystem",
    "surveys_round",
    "surveys_instrument",
    "surveys_site",
    "surveys_industry",
    # citizen services: "the secretariat edits them [time limits] in the admin"
    "enquiries_timelimit",
    "enquiries_category",
    "enquiries_routingrule",
    "enquiries_replytemplate",
    # units, people, roles, memberships
    "organizations_unit",
    "organizations_user",
    "organizations_position",
    "organizations_membership",
    # the yearly plan
    "campaigns_campaign",
]


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def test_the_admin_index_lists_every_apps_models_to_the_secretariat(client, secretariat):
    client.force_login(secretariat)
    page = client.get("/admin/").content.decode()
    assert NO_PERMISSION not in page
    with override("zh-hans"):
        for model in our_models():
            assert str(capfirst(model._meta.verbose_name_plural)) in page, model


def test_the_admin_links_say_add_and_change_not_the_platforms_words(client, secretariat):
    # "Add" and "Change" mean something else on case and survey pages (they carry a context).
    client.force_login(secretariat)
    page = client.get("/admin/").content.decode()
    assert re.search(r'class="addlink"[^>]*>增加</a>', page)
    assert re.search(r'class="changelink"[^>]*>修改</a>', page)
    assert "提交补充" not in page and "较上年变化" not in page


@pytest.mark.parametrize("app_label", OUR_APPS)
def test_each_apps_admin_page_lists_its_models(client, secretariat, app_label):
    client.force_login(secretariat)
    response = client.get(f"/admin/{app_label}/")
    page = response.content.decode()
    assert response.status_code == 200
    with override("zh-hans"):
        for model in our_models():
            if model._meta.app_label == app_label:
                assert str(capfirst(model._meta.verbose_name_plural)) in page, model


@pytest.mark.parametrize("task", README_TASKS)
def test_each_admin_task_of_the_readme_opens_for_the_secretariat(client, secretariat, task):
    client.force_login(secretariat)
    changelist = client.get(reverse(f"admin:{task}_changelist")).content.decode()
    assert NO_PERMISSION not in changelist
    assert 'id="changelist"' in changelist
    add = client.get(reverse(f"admin:{task}_add")).content.decode()
    assert 'name="_save"' in add  # the form, with its save button


def test_the_events_pages_link_to_an_admin_page_the_secretariat_may_open(client, secretariat):
    client.force_login(secretariat)
    events = client.get(reverse("events:list")).content.decode()
    link = reverse("admin:events_event_changelist")
    assert f'href="{link}"' in events
    assert 'id="changelist"' in client.get(link).content.decode()


def test_an_event_opens_for_editing_with_its_venues_and_agenda(client, secretariat):
    from qualitymonth.events.models import Event

    event = Event.objects.create(
        title="质量大讲堂（测试）",
        kind=Event._meta.get_field("kind").choices[0][0],
        starts_at="2026-09-10T09:00+08:00",
        ends_at="2026-09-10T11:00+08:00",
    )
    client.force_login(secretariat)
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'value="质量大讲堂（测试）"' in page
    assert 'name="_save"' in page
    assert 'id="venues-group"' in page and 'id="agenda-group"' in page


READ_ONLY = [
    "campaigns_progressreport",
    "campaigns_activityreport",
    "events_registration",
    "events_commitment",
    "awards_application",
    "awards_notice",
    "awards_objection",
    "awards_certificate",
    "enquiries_case",
    "enquiries_submission",
    "enquiries_caseevent",
    "enquiries_notice",
    "enquiries_clock",
    "enquiries_attachment",
    "core_auditentry",
]


@pytest.mark.parametrize("name", READ_ONLY)
def test_reports_scores_notices_cases_and_answers_stay_read_only_in_the_admin(
    client, secretariat, name
):
    client.force_login(secretariat)
    changelist = client.get(reverse(f"admin:{name}_changelist")).content.decode()
    assert 'id="changelist"' in changelist
    assert reverse(f"admin:{name}_add") not in changelist  # no "add" button
    assert 'name="action"' not in changelist  # no bulk delete
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403


def test_staff_without_the_secretariat_role_get_no_admin(client, huangpu_bureau):
    staff = make_person("staff-admin", unit=huangpu_bureau, role=Role.UNIT_ADMIN)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    for url in ("/admin/", "/admin/events/", reverse("admin:events_event_changelist")):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("login"))
        assert 'name="password"' in response.content.decode()  # the sign-in form, no admin


def test_the_admin_pages_carry_the_platforms_icon(client, secretariat):
    # Without it the browser asks for /favicon.ico, a 404 in the console of every admin page.
    client.force_login(secretariat)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
