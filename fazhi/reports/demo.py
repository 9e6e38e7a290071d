"""The demo county's 2024 report, drafted: the officers' prose of the reference report (its
figure sentences come from the template and the records), so that `make run` shows a whole
report to read, preview, submit and download. Re-running adds nothing.

The prose claims nothing the figures could contradict: no comparison with other years, which
the template computes instead (`yoy`). The county prints 行政应诉's rates as whole percents,
as the reference report does ("败诉率为22%"): its own rounding setting.
"""

import datetime

from fazhi.core.models import RegisterSetting, Unit, User
from fazhi.indicators.actions import change_setting
from fazhi.indicators.rounding import setting_key

from . import actions
from .models import AnnualReport

COUNTY = "433126"
YEAR = 2024

PROSE = {
    "opening": "2024年，在县委、县政府的坚强领导下，在县委政法委精心指导下，强化政治引领，聚焦主责"
    "主业，主动担当作为、忠诚履职尽责，高效推进法治政府建设，为县域高质量发展提供坚实的法治保障。"
    "现将工作情况报告如下：",
    "measures.rule_of_law": "深学笃行习近平法治思想，将习近平法治思想纳入县委理论学习中心组学习"
    "和周五集中学习计划，严格贯彻落实党中央关于全面依法治国重大决策部署及省州关于推进法治政府建设"
    "工作要求。完善党委领导全面依法治县工作体制机制。",
    "measures.publicity": "全面落实“谁执法谁普法”“谁管理谁普法”和“谁服务谁普法”制度，抓好宪法、"
    "民法典、反电信网络诈骗等法治宣传教育，组织开展“法律七进”、普法宣传月活动。",
    # The comparison with the year before is the template's, computed (|yoy): prose that
    # claimed one ("复议后诉讼率明显降低") was contradicted by the demo's own figures.
    "measures.reconsideration": "坚持行政复议申请“应收尽收”，依法化解行政争议。",
    "measures.legality": "以县人民政府办名义制发了《关于进一步规范县人民政府合法性审查的通知》，"
    "于2024年底形成了2025年度规范性文件立项计划。",
    "measures.enforcement": "综合运用行政执法工作报告、案卷评查、行政执法评议考核等多种方式强化"
    "行政执法全方位、全流程监督，注重举一反三，切实提高行政执法案卷质量。",
    "measures.legal_services": "深入抓好“法援惠民生、助力农民工”等活动。",
    "measures.mediation": "指导全县各级各类人民调解组织做实做细矛盾纠纷排查化解工作，开展2024年"
    "人民调解“以奖代补”案卷审核审定工作。",
    "measures.corrections": "制定了《关于进一步加强全县社区矫正工作的实施方案》，引入各方力量参与"
    "社区矫正教育帮扶工作，开展个性化教育矫正；加强刑释解矫人员安置帮教管理，全部落实“一人一档”。",
    "shortcomings": "一是法治宣传教育举措创新不够。运用新媒体开展法治宣传教育工作的力量薄弱，"
    "缺乏亮点，宣传成效不明显。\n"
    "二是依法行政水平有待提升。部分行政机关在行政执法过程中只注重实体结果，而轻视执法程序。\n"
    "三是行政执法业务水平和能力亟待提高。从事行政执法岗位工作人员对相关法律法规学习不深、"
    "把握不准。",
    "first_responsible": "局主要负责同志认真履行推进法治建设第一责任人职责，定期听取法治政府建设"
    "有关工作情况，及时研究解决存在的问题。按时向县级完成专题述法并提交书面述法报告。",
    "next_year": "一是提升行政执法水平。组织开展全县行政执法人员培训，提高行政复议案件办理质量和"
    "行政应诉能力。\n"
    "二是推进普法依法治理。全面落实“谁执法谁普法”普法责任制，扎实开展“法律九进”等主题法治宣传。\n"
    "三是持续强化队伍建设。常态化开展作风建设和以案促改工作。",
    "other": "无。",
}


def load(today: datetime.date) -> int:
    county = Unit.objects.get(code=COUNTY)
    rounding = setting_key("litigation")
    if not RegisterSetting.objects.filter(key=rounding, unit=county).exists():
        change_setting(None, rounding, "half_up_0", unit=county)
    if AnnualReport.objects.filter(unit=county, year=YEAR).exists():
        return 0
    drafter = User.objects.get(username="fazhi")
    report = actions.create_report(drafter, unit=county, year=YEAR)
    for block, text in PROSE.items():
        actions.write_prose(None, report, block, text)
    return 1
