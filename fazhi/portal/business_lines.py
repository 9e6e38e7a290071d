"""The bureau's business lines, as the home page and navigation show them.

A line lists the REGISTER names it holds; each one whose app has landed (declared in
core.registers.REGISTERS with a list page) is linked, and a line with none yet shows 建设中.
"""

from dataclasses import dataclass, field

from fazhi.core.access import Scope, scope_for
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import VIEW, Role


def lines_for(user) -> list[tuple["BusinessLine", list[tuple[str, str]]]]:
    """(line, its pages he may open) for each line `user` works or reads; a line of which he
    may open nothing is not shown to him."""
    found = [(line, line.pages_for(user)) for line in BUSINESS_LINES]
    return [(line, pages) for line, pages in found if pages]


@dataclass(frozen=True)
class BusinessLine:
    key: str
    label: str
    role: str
    summary: str
    registers: tuple[str, ...] = field(default_factory=tuple)

    @property
    def pages(self) -> list[tuple[str, str]]:
        """(label, list URL name) of each of the line's registers that has landed."""
        return [(REGISTERS[name].label, REGISTERS[name].list_url) for name in self._landed()]

    def pages_for(self, user) -> list[tuple[str, str]]:
        """The pages of `pages` whose records `user` may read: the registers his roles work or
        read (core.access.scope_for), none of the others."""
        return [
            (REGISTERS[name].label, REGISTERS[name].list_url)
            for name in self._landed()
            if scope_for(user, REGISTERS[name].model, VIEW) is not Scope.NONE
        ]

    def _landed(self) -> list[str]:
        return [n for n in self.registers if n in REGISTERS and REGISTERS[n].list_url]

    @property
    def url_name(self) -> str:
        pages = self.pages
        return pages[0][1] if pages else ""


BUSINESS_LINES = (
    BusinessLine(
        "rule_of_law",
        "全面依法治县",
        Role.RULE_OF_LAW,
        "委员会及办公室会议、工作要点和决定事项的任务督办、部门法治政府建设年度报告、法律顾问",
        ("committee_meeting", "work_task", "department_report", "legal_adviser"),
    ),
    BusinessLine(
        "reconsideration",
        "行政复议",
        Role.RECONSIDERATION,
        "复议申请登记、受理审查、审理期限与办结",
        ("reconsideration",),
    ),
    BusinessLine(
        "litigation",
        "行政应诉",
        Role.RECONSIDERATION,
        "应诉案件、负责人出庭、裁判结果",
        ("litigation",),
    ),
    BusinessLine(
        "legality",
        "合法性审查与备案",
        Role.LEGALITY,
        "合法性审查意见、规范性文件备案审查",
        ("legality_review", "normative_document"),
    ),
    BusinessLine(
        "enforcement",
        "行政执法监督",
        Role.ENFORCEMENT,
        "执法人员与执法证、培训、涉企行政检查、案卷评查与整改、法治督察、执法数据年报、述法",
        (
            "enforcement_officer",
            "enforcement_training",
            "inspection_plan",
            "enterprise_inspection",
            "case_file_review",
            "rule_of_law_inspection",
            "enforcement_evaluation",
            "enforcement_annual_data",
            "law_report",
        ),
    ),
    BusinessLine(
        "legal_services",
        "公共法律服务",
        Role.LEGAL_SERVICES,
        "法律援助、法律咨询、公证",
        ("legal_aid", "consultation", "notarization"),
    ),
    BusinessLine(
        "legal_profession",
        "法律服务队伍",
        Role.LEGAL_SERVICES,
        "律师事务所、公证机构、基层法律服务所及其人员，年度考核、投诉处理、专项治理",
        (
            "legal_service_org",
            "legal_practitioner",
            "practitioner_assessment",
            "legal_service_complaint",
            "legal_service_check",
        ),
    ),
    BusinessLine(
        "mediation", "人民调解", Role.MEDIATION, "调解案件登记、以奖代补审核与发放", ("mediation",)
    ),
    BusinessLine(
        "corrections",
        "社区矫正",
        Role.CORRECTIONS,
        "矫正对象在册管理、教育帮扶活动",
        ("corrections_subject", "corrections_activity"),
    ),
    BusinessLine(
        "resettlement",
        "安置帮教",
        Role.RESETTLEMENT,
        "刑满释放人员衔接、重点帮教对象",
        ("resettlement_subject",),
    ),
    BusinessLine(
        "publicity",
        "普法宣传",
        Role.PUBLICITY,
        "普法活动、宣传稿件",
        ("publicity_activity", "publicity_article"),
    ),
)
