"""Posts prepared from a survey round, a campaign or plan action, a citizen-service category
and a group standard: their titles, dates and text, so the editor only checks and finishes
them."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from qualitymonth.campaigns.models import Action, Campaign
from qualitymonth.enquiries.models import Category
from qualitymonth.publishing.models import PostKind
from qualitymonth.standards import selectors as standard_selectors
from qualitymonth.standards.models import Standard, State
from qualitymonth.surveys.models import Round as SurveyRound


def _date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def from_survey_round(round_: SurveyRound) -> dict:
    evaluation = round_.evaluation
    period = ""
    if round_.collection_starts and round_.collection_ends:
        period = f"采集时间：{_date(round_.collection_starts)}至{_date(round_.collection_ends)}。"
    results = reverse("surveys:results", args=[round_.pk])
    parts = [
        period,
        evaluation.description,
        f"测评结果见[{round_.year}年{evaluation.name}结果]({results})。",
    ]
    return {
        "kind": PostKind.NEWS,
        "title": f"{round_.year}年{evaluation.name}结果发布",
        "title_en": (
            f"{evaluation.name_en}: results of {round_.year}" if evaluation.name_en else ""
        ),
        "body": "\n\n".join(part for part in parts if part),
    }


def from_campaign(campaign: Campaign) -> dict:
    period = f"活动时间：{_date(campaign.starts_on)}至{_date(campaign.ends_on)}。"
    theme = f"活动主题：“{campaign.theme}”。"
    return {
        "kind": PostKind.NOTICE,
        "title": f"关于开展{campaign.year}年“质量月”活动的通知",
        "title_en": f"Quality Month {campaign.year}: {campaign.theme_en}"
        if campaign.theme_en
        else "",
        "body": "\n\n".join(part for part in (theme, period, campaign.description) if part),
    }


def from_action(action: Action) -> dict:
    due = f"完成时间：{_date(action.due_on)}。" if action.due_on else ""
    lead = f"牵头单位：{action.lead_unit}。" if action.lead_unit_id else ""
    parts = [lead, due, action.description, action.expected_outputs]
    return {
        "kind": PostKind.NEWS,
        "title": f"{action.campaign.year}年质量月：{action.title}",
        "title_en": action.title_en,
        "body": "\n\n".join(part for part in parts if part),
    }


def from_category(category: Category) -> dict:
    filing = reverse("enquiries:new") + f"?category={category.code}"
    parts = [
        category.description,
        f"市民可通过[“{category.name}”服务]({filing})在线咨询、投诉或举报。",
    ]
    return {
        "kind": PostKind.NOTICE,
        "title": f"“{category.name}”质量服务指南",
        "title_en": f"Citizen service: {category.name_en}" if category.name_en else "",
        "body": "\n\n".join(part for part in parts if part),
        "body_en": category.description_en,
    }


def from_standard(standard: Standard) -> dict:
    """立项 once approved, 征求意见 while open for comment, 发布公告 once published."""
    title = f"《{standard.title}》"
    units = "、".join(unit.name for unit in standard_selectors.drafting_units_of(standard))
    page = reverse("standards:standard", args=[standard.pk])
    if standard.state == State.PUBLISHED:
        parts = [
            f"经审查，批准发布团体标准{title}，标准编号{standard.number}，"
            f"自{_date(standard.implemented_on)}起实施。",
            f"起草单位：{units}。" if units else "",
            f"标准文本见[{standard.number}]({page})。",
        ]
        return {
            "kind": PostKind.DECISION,
            "title": f"关于发布团体标准{title}的公告",
            "body": "\n\n".join(part for part in parts if part),
        }
    if standard.state == State.COMMENT:
        closes = ""
        if standard.comment_closes_at:
            closes = f"意见反馈截止时间：{_date(standard.comment_closes_at.date())}。"
        parts = [
            f"团体标准{title}已形成征求意见稿，现公开征求意见。",
            closes,
            f"请在[标准页面]({page})按条款提出意见。",
        ]
        return {
            "kind": PostKind.NOTICE,
            "title": f"关于征求团体标准{title}（征求意见稿）意见的通知",
            "body": "\n\n".join(part for part in parts if part),
            "expire_at": standard.comment_closes_at,
        }
    if standard.state in (State.APPROVED, State.DRAFTING):
        schedule = ""
        if standard.plan_starts_on and standard.plan_ends_on:
            schedule = (
                f"计划起止时间：{_date(standard.plan_starts_on)}至{_date(standard.plan_ends_on)}。"
            )
        parts = [
            f"经审查，同意团体标准{title}立项，计划编号{standard.plan_number}。",
            f"提出单位：{standard.proposer.name}。",
            f"起草单位：{units}。" if units else "",
            schedule,
            f"适用范围：{standard.scope}",
        ]
        return {
            "kind": PostKind.NOTICE,
            "title": f"关于团体标准{title}立项的通知",
            "body": "\n\n".join(part for part in parts if part),
        }
    raise ValidationError(_("A post can be prepared from a standard once it is approved."))


BUILDERS = {
    SurveyRound: from_survey_round,
    Campaign: from_campaign,
    Action: from_action,
    Category: from_category,
    Standard: from_standard,
}
