# ruff: noqa: E501 - one line per criterion reads better than split strings
"""Scoring tables shipped as awards rubric templates (loaded by a data migration).

The QC-result tables are already the awards app's (T/CAQ 10201-2020). These add the
trustworthy team (质量信得过班组), five-star site (五星现场) and customer satisfaction (用户满意)
tables. Sources are named on each template; the guidance lines are our own short summaries.

Checked (quality/tests/test_rubric_templates.py): the GB/T 19580-2012 items below carry the
standard's points, item by item and per category (1,000 in all); each CAQ table sums to the
total it is scored out of (100 or 1,000). Not yet checked against the documents themselves:
how the three CAQ tables split their total across categories.
"""

TEMPLATES = [
    {
        "name": "质量信得过班组评价",
        "name_en": "Trustworthy quality team (质量信得过班组) evaluation",
        "source": "T/CAQ 10202《质量信得过班组建设准则》（中国质量协会）",
        "criteria": [
            (
                "班组基础建设",
                "Team foundations",
                15,
                "班组目标、制度、岗位职责和班组园地齐全，活动有记录。",
            ),
            (
                "质量管理",
                "Quality management",
                25,
                "执行标准和作业指导书，自检互检，质量问题可追溯。",
            ),
            ("现场管理", "Site management", 20, "5S、目视化和安全管理落实，现场整洁有序。"),
            ("质量改进", "Quality improvement", 20, "开展QC小组、合理化建议等改进活动并取得实效。"),
            ("员工素质", "People and skills", 10, "多能工培养、技能培训和质量意识教育。"),
            ("班组绩效", "Team results", 10, "质量、成本、交付和顾客反馈指标达到或优于目标。"),
        ],
    },
    {
        "name": "现场管理星级评价（五星现场）",
        "name_en": "Site management star rating (five-star site)",
        "source": "中国质量协会《现场管理星级评价准则》（全国现场管理星级评价）",
        "criteria": [
            (
                "现场管理基础",
                "Foundations of site management",
                200,
                "组织、制度、标准化和基础管理。",
            ),
            (
                "现场管理方法与过程",
                "Methods and processes",
                300,
                "5S、TPM、精益、目视化等方法的系统运用。",
            ),
            (
                "现场管理绩效",
                "Results of site management",
                300,
                "质量、效率、成本、安全、环境和员工满意的结果。",
            ),
            ("创新与特色", "Innovation", 200, "现场管理的创新做法及其推广价值。"),
        ],
    },
    {
        "name": "用户满意评价",
        "name_en": "Customer satisfaction (用户满意) evaluation",
        "source": "中国质量协会《全国实施用户满意工程》评价，GB/T 19038-2009《顾客满意测评模型和方法指南》",
        "criteria": [
            ("领导作用", "Leadership", 100, "高层领导推动以顾客为中心的理念和机制。"),
            ("顾客需求识别", "Understanding customers", 150, "识别和分析顾客需求与期望。"),
            ("产品与服务质量", "Products and services", 250, "产品和服务满足并超越顾客要求。"),
            ("顾客关系管理", "Customer relationships", 150, "投诉处理、顾客沟通和关系维护。"),
            ("满意度测评", "Measuring satisfaction", 200, "科学测评顾客满意度和忠诚度。"),
            ("持续改进", "Improvement", 150, "依据测评结果改进并取得成效。"),
        ],
    },
]


# GB/T 19580-2012《卓越绩效评价准则》, with GB/Z 19579-2012 as its guide: seven categories,
# 1,000 points; (code, name, English name, points) per item, the category's cap its sum.
EXCELLENCE_SOURCE = (
    "GB/T 19580-2012《卓越绩效评价准则》，GB/Z 19579-2012《卓越绩效评价准则实施指南》"
)
EXCELLENCE = [
    (
        "4.1",
        "领导",
        "Leadership",
        110,
        [
            ("4.1.2", "高层领导的作用", "Role of senior leaders", 50),
            ("4.1.3", "组织治理", "Governance", 30),
            ("4.1.4", "社会责任", "Social responsibility", 30),
        ],
    ),
    (
        "4.2",
        "战略",
        "Strategy",
        90,
        [
            ("4.2.2", "战略制定", "Strategy development", 40),
            ("4.2.3", "战略部署", "Strategy deployment", 50),
        ],
    ),
    (
        "4.3",
        "顾客与市场",
        "Customers and markets",
        90,
        [
            ("4.3.2", "顾客和市场的了解", "Knowing customers and markets", 40),
            ("4.3.3", "顾客关系与顾客满意", "Customer relationships and satisfaction", 50),
        ],
    ),
    (
        "4.4",
        "资源",
        "Resources",
        130,
        [
            ("4.4.2", "人力资源", "People", 60),
            ("4.4.3", "财务资源", "Finance", 15),
            ("4.4.4", "信息和知识资源", "Information and knowledge", 20),
            ("4.4.5", "技术资源", "Technology", 15),
            ("4.4.6", "基础设施", "Infrastructure", 10),
            ("4.4.7", "相关方关系", "Relationships with partners", 10),
        ],
    ),
    (
        "4.5",
        "过程管理",
        "Process management",
        100,
        [
            ("4.5.2", "过程的识别与设计", "Identifying and designing processes", 50),
            ("4.5.3", "过程的实施与改进", "Running and improving processes", 50),
        ],
    ),
    (
        "4.6",
        "测量、分析与改进",
        "Measurement, analysis and improvement",
        80,
        [
            ("4.6.2", "测量、分析和评价", "Measurement, analysis and review", 40),
            ("4.6.3", "改进与创新", "Improvement and innovation", 40),
        ],
    ),
    (
        "4.7",
        "结果",
        "Results",
        400,
        [
            ("4.7.2", "产品和服务结果", "Product and service results", 80),
            ("4.7.3", "顾客与市场结果", "Customer and market results", 80),
            ("4.7.4", "财务结果", "Financial results", 80),
            ("4.7.5", "资源结果", "Resource results", 60),
            ("4.7.6", "过程有效性结果", "Process effectiveness results", 50),
            ("4.7.7", "领导方面的结果", "Leadership results", 50),
        ],
    ),
]
ITEMS = {
    code: (name, name_en, points, category)
    for category, _n, _e, _c, items in EXCELLENCE
    for code, name, name_en, points in items
}
CATEGORY_CAPS = {category: cap for category, _n, _e, cap, _items in EXCELLENCE}


def load_templates(Rubric, Criterion) -> int:
    """Create the templates that are missing; how many were created."""
    from decimal import Decimal

    from qualitymonth.core.chinese import to_traditional

    created = 0
    for template in TEMPLATES:
        if Rubric.objects.filter(name=template["name"], is_template=True).exists():
            continue
        rubric = Rubric.objects.create(
            name=template["name"],
            name_zh_hant=to_traditional(template["name"]),
            name_en=template["name_en"],
            source=template["source"],
            is_template=True,
        )
        for position, (name, name_en, points, guidance) in enumerate(template["criteria"]):
            Criterion.objects.create(
                rubric=rubric,
                position=position,
                name=name,
                name_zh_hant=to_traditional(name),
                name_en=name_en,
                guidance=guidance,
                guidance_zh_hant=to_traditional(guidance),
                max_points=Decimal(points),
            )
        created += 1
    return created
