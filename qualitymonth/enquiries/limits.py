"""The time limits in force when this was written, with their sources.

They are data: when a rule changes, the secretariat edits the row (admin → time limits); no
release is needed, and clocks already running keep the limit they started with. These
defaults fill an empty table (the first migration, the demo, tests after a flush); they never
overwrite an edited row.
"""

DEFAULT_LIMITS = [
    (
        "answer",
        7,
        "working",
        "平台服务承诺（非法定时限），参照《消费者权益保护法》第四十六条的七个工作日",
        "咨询没有法定答复时限；按投诉受理时限设定，秘书处可调整。",
    ),
    (
        "accept",
        7,
        "working",
        "《消费者权益保护法》第四十六条；《市场监督管理投诉举报处理办法》"
        "（国家市场监督管理总局令第121号，2026年4月15日起施行）",
        "自收到投诉之日起七个工作日内作出受理或者不予受理的决定并告知投诉人。"
        "第121号令中该时限的条款号应与官方文本核对；被其废止的《市场监督管理投诉举报处理暂行办法》"
        "（总局令第20号）第十四条同为七个工作日。",
    ),
    (
        "mediate",
        60,
        "calendar",
        "《市场监督管理投诉举报处理办法》（总局令第121号）第二十三条第一款第五项",
        "自投诉受理之日起六十日内未达成调解协议的，终止调解。原暂行办法为四十五个工作日。",
    ),
    (
        "check",
        15,
        "working",
        "《市场监督管理行政处罚程序规定》（自收到举报材料之日起十五个工作日内核查并决定是否立案）",
        "特殊情况经批准可延长十五个工作日；条款号应与官方文本核对。",
    ),
    (
        "investigate",
        90,
        "calendar",
        "《市场监督管理行政处罚程序规定》（适用普通程序的案件自立案之日起九十日内作出处理决定）",
        "依法可以延长；条款号应与官方文本核对。",
    ),
]


def ensure_default_limits(time_limit_model=None) -> int:
    """Add the default limits that are missing; returns how many were added."""
    if time_limit_model is None:
        from qualitymonth.enquiries.models import TimeLimit as time_limit_model
    added = 0
    for step, days, day_type, source, note in DEFAULT_LIMITS:
        _limit, created = time_limit_model.objects.get_or_create(
            step=step, defaults={"days": days, "day_type": day_type, "source": source, "note": note}
        )
        added += created
    return added
