# ruff: noqa: E501 - one line per criterion text reads better than split strings
"""Rubric templates shipped with the platform (loaded by a data migration).

Source: the review tables (评价表) in the appendix of T/CAQ 10201-2020 《质量管理小组活动准则》,
China Association for Quality. The points were checked against a public copy of the tables;
the guidance lines are our own short summaries, not the standard's wording.
"""

SOURCE = "T/CAQ 10201-2020《质量管理小组活动准则》附录评价表"

TEMPLATES = [
    {
        "name": "QC小组问题解决型课题成果评价",
        "name_zh_hant": "QC小組問題解決型課題成果評價",
        "name_en": "QC group results: problem-solving projects",
        "criteria": [
            (
                "选题",
                "選題",
                "Choice of topic",
                15,
                "课题结合方针目标或现场急需解决的问题，理由用数据说明，现状调查或目标可行性论证充分，目标可测量。",
                "The topic serves the unit's goals or an urgent problem, with data; the target is measurable and shown to be feasible.",
            ),
            (
                "原因分析",
                "原因分析",
                "Cause analysis",
                30,
                "针对问题逐层分析到可直接采取对策的末端因素，并逐条用现场测量、试验或调查确认要因。",
                "Causes are broken down to root causes that can be acted on, and each is confirmed on site.",
            ),
            (
                "对策与实施",
                "對策與實施",
                "Countermeasures and implementation",
                20,
                "针对要因逐条制定对策，按5W1H列出对策表，逐条实施并检查是否达到对策目标。",
                "One countermeasure per main cause, planned in 5W1H form, carried out and checked against its target.",
            ),
            (
                "效果",
                "效果",
                "Results",
                20,
                "目标完成，效益计算实事求是，有效措施纳入标准，小组成员能力得到提升。",
                "The target is met, benefits are stated honestly, effective measures become standards.",
            ),
            (
                "成果报告",
                "成果報告",
                "Result report",
                5,
                "报告真实、逻辑清楚、通俗易懂，以图表和数据为主。",
                "The report is truthful, logical and easy to follow, mainly charts and data.",
            ),
            (
                "特点",
                "特點",
                "Distinctive features",
                10,
                "统计方法运用适宜、正确，成果有特色。",
                "Statistical methods are apt and correct; the result has its own character.",
            ),
        ],
    },
    {
        "name": "QC小组创新型课题成果评价",
        "name_zh_hant": "QC小組創新型課題成果評價",
        "name_en": "QC group results: innovation projects",
        "criteria": [
            (
                "选题",
                "選題",
                "Choice of topic",
                20,
                "课题来自内外部顾客需求，广泛借鉴，目标与需求一致、可测量，并用借鉴的数据论证可行性。",
                "The topic comes from customers' needs, borrows widely, and its target is measurable and feasible.",
            ),
            (
                "提出方案并确定最佳方案",
                "提出方案並確定最佳方案",
                "Options and the best option",
                30,
                "总体方案有创新且相对独立，分级方案可比较、分解到可实施，用现场事实和数据评价选择。",
                "An innovative overall plan, options broken down until they can be carried out, chosen on facts and data.",
            ),
            (
                "对策与实施",
                "對策與實施",
                "Countermeasures and implementation",
                20,
                "按选定方案制定5W1H对策表，逐条实施并确认效果。",
                "Countermeasures for the chosen options in 5W1H form, carried out and checked one by one.",
            ),
            (
                "效果",
                "效果",
                "Results",
                15,
                "检查目标完成情况，效益实事求是，有推广价值的成果标准化，一次性成果存档，成员创新能力提升。",
                "The target is checked, benefits are honest, results worth spreading become standards.",
            ),
            (
                "成果报告",
                "成果報告",
                "Result report",
                5,
                "报告真实、逻辑清楚、通俗易懂，以图表和数据为主。",
                "The report is truthful, logical and easy to follow, mainly charts and data.",
            ),
            (
                "特点",
                "特點",
                "Distinctive features",
                10,
                "体现成员的创造性，成果具有推广价值，统计方法运用正确。",
                "The members' creativity, value for wider use, statistical methods used correctly.",
            ),
        ],
    },
    {
        "name": "QC小组活动现场评价",
        "name_zh_hant": "QC小組活動現場評價",
        "name_en": "QC group activity: on-site review",
        "criteria": [
            (
                "质量管理小组活动的组织",
                "質量管理小組活動的組織",
                "Organisation of the group",
                10,
                "查看记录：小组和课题注册登记，成员出勤和参与情况，活动计划及完成情况。",
                "From the records: registration of group and topic, attendance, the plan and its completion.",
            ),
            (
                "活动情况与活动记录",
                "活動情況與活動記錄",
                "Activities and their records",
                30,
                "听取介绍、查看记录和现场：按程序开展活动，记录完整真实，与成果报告一致。",
                "The group followed the procedure; records are complete, genuine and match the report.",
            ),
            (
                "活动真实性与有效性",
                "活動真實性與有效性",
                "Genuineness and effectiveness",
                30,
                "现场查看、查阅记录并询问：改进真实有效，效益经有关部门确认，统计方法正确。",
                "Real improvement on site, benefits confirmed by the departments concerned.",
            ),
            (
                "成果的维持与巩固",
                "成果的維持與鞏固",
                "Keeping the results",
                20,
                "目标达成并经验证，成果纳入标准，现场按新标准作业，成果在实际工作中应用。",
                "Results are written into standards and the site works to them.",
            ),
            (
                "质量管理小组教育",
                "質量管理小組教育",
                "Training of the members",
                10,
                "提问或测试：成员掌握活动程序和方法，能力得到提高。",
                "Members know the procedure and the methods; their skills have grown.",
            ),
        ],
    },
]


def load_templates(Rubric, Criterion) -> None:
    """Create the templates that are missing; a template the secretariat edited is left alone."""
    from qualitymonth.core.chinese import to_traditional

    for template in TEMPLATES:
        rubric, created = Rubric.objects.get_or_create(
            name=template["name"],
            is_template=True,
            defaults={
                "name_zh_hant": template["name_zh_hant"],
                "name_en": template["name_en"],
                "source": SOURCE,
            },
        )
        if not created:
            continue
        for position, (name, name_hant, name_en, points, guidance, guidance_en) in enumerate(
            template["criteria"], start=1
        ):
            Criterion.objects.create(
                rubric=rubric,
                position=position,
                name=name,
                name_zh_hant=name_hant,
                name_en=name_en,
                guidance=guidance,
                guidance_zh_hant=to_traditional(guidance),
                guidance_en=guidance_en,
                max_points=points,
            )
