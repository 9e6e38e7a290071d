"""The parts of the annual report (法治政府建设与责任落实督察工作规定 第二十五条): which prose
blocks the officers write, who writes each, and the figure sentences of the default template.

The five parts: 一 上一年度推进法治政府建设的主要举措和成效 (one section per business line,
each with its officers' prose and a sentence of figures), 二 存在的不足和原因, 三 党政主要负责人
履行第一责任人职责情况, 四 下一年度主要安排, 五 其他需要报告的情况.
"""

from dataclasses import dataclass

from fazhi.core.roles import Role


@dataclass(frozen=True)
class Measure:
    key: str  # the prose block's key
    heading: str
    roles: tuple[str, ...]  # who writes its prose
    sentence: str = ""  # the default template's figure sentence (Jinja)


def _v(key: str, filters: str = "") -> str:
    return f'{{{{ v("{key}"){filters} }}}}'


MEASURES = (
    Measure(
        "measures.rule_of_law",
        "扎实推进全面依法治县",
        (Role.RULE_OF_LAW, Role.ENFORCEMENT, Role.LEGALITY),
        "{{ year }}年度召开依法治县委员会及其办公室等会议"
        f"{_v('committee_meeting.held')}次，研究议题{_v('committee_meeting.topics')}项；"
        f"交办依法治县工作任务{_v('work_task.assigned')}项，按期办结"
        f"{_v('work_task.closed_on_time')}项，超期未办结{_v('work_task.overdue')}项。"
        f"收到部门法治政府建设年度报告{_v('department_report.received')}份，其中按时报送"
        f"{_v('department_report.received_on_time')}份，已向社会公开"
        f"{_v('department_report.published')}份。县政府法律顾问团"
        f"{_v('legal_adviser.panel')}人，办理法律事务{_v('legal_adviser.panel_matters')}件次；"
        f"公职律师{_v('legal_adviser.public_lawyer_units')}个单位"
        f"{_v('legal_adviser.public_lawyers')}人。"
        f"组织{_v('law_report.reporters', '|approx')}名单位主要负责人完成专题述法。",
    ),
    Measure(
        "measures.publicity",
        "持续巩固法治宣传教育成效",
        (Role.PUBLICITY,),
        "{{ year }}年度在本单位公众号以及省、州、县级有关媒体发布信息稿件"
        f"{_v('publicity.articles', '|approx')}篇。",
    ),
    Measure(
        "measures.reconsideration",
        "大力提升行政复议和应诉工作水平",
        (Role.RECONSIDERATION,),
        # 办结 counts every case closed, 审结 only those accepted (reconsideration.concluded);
        # the 其中 lists every 办结方式 that has cases and sums the rest as 其他, so that its
        # items add up to 办结 (rendering.Content.parts).
        "{{ year }}年度共收到行政复议案件"
        f"{_v('reconsideration.received')}件，办结{_v('reconsideration.closed')}件"
        '{% if parts("reconsideration.closed") %}，其中'
        '{{ parts("reconsideration.closed") }}{% endif %}；'
        f"受理后审结{_v('reconsideration.concluded')}件。"
        f"办结复议案件转为行政诉讼案件{_v('reconsideration.sued_after')}件，复议后起诉率"
        f"{_v('reconsideration.sued_after_rate', '|pct')}，"
        f"{_v('reconsideration.sued_after_rate', '|yoy')}。"
        # How the suits after a reconsideration received this year stood at its end: each
        # 结案方式 that has cases, and those still pending ("其中1件裁定结案，另2件暂未审结").
        "{{ year }}年度收到复议后提起的行政诉讼案件"
        f"{_v('litigation.after_reconsideration')}件"
        '{% for p in parts("litigation.after_reconsideration") %}'
        "{% if loop.first %}，其中{% elif loop.last %}，另{% else %}，{% endif %}"
        "{{ p.n }}{{ p.unit }}{{ p.name }}{% endfor %}。"
        "{{ year }}年度共办理行政诉讼案件"
        f"{_v('litigation.handled')}件，其中有{_v('litigation.concluded')}件诉讼案件已审结"
        '{% if parts("litigation.concluded") %}'
        '（{{ parts("litigation.concluded") }}）{% endif %}。',
    ),
    Measure(
        "measures.legality",
        "积极履行合法性审查职能",
        (Role.LEGALITY,),
        f"起草各类审查意见{_v('legality.opinions')}份（不含专项审查意见），"
        f"其中审查行政重大协议{_v('legality.by_category.重大行政协议')}件；"
        f"审查招商引资协议及补充协议{_v('legality.by_category.招商引资协议')}件；"
        f"审查拨付、解决、补偿等各类费用文件{_v('legality.by_category.费用拨付文件')}件；"
        f"共完成备案审查规范性文件{_v('normative.filed')}件。",
    ),
    Measure(
        "measures.enforcement",
        "不断强化行政执法协调监督",
        (Role.ENFORCEMENT,),
        "{{ year }}年末全县在岗在编行政执法人员"
        f"{_v('enforcement_officer.in_post')}人，持有效执法证{_v('enforcement_officer.certified')}人，"
        f"持证率{_v('enforcement_officer.certified_rate', '|pct(1)')}；组织执法人员培训"
        f"{_v('enforcement_training.attendances')}人次、"
        f"{_v('enforcement_training.hours', '|number')}学时。"
        f"{_v('inspection_plan.filed')}家行政执法部门报备涉企行政检查计划，全年实施涉企行政检查"
        f"{_v('enterprise_inspection.count')}次，"
        f"其中计划外检查{_v('enterprise_inspection.unplanned')}次。"
        f"开展法治督察{_v('rule_of_law_inspection.count')}次，发现问题"
        f"{_v('rule_of_law_inspection.findings')}个。"
        f"根据案卷评查结果，督促{_v('enforcement.units_rectifying')}家单位对案卷评查发现的"
        f"问题整改落实；根据法治督察发现的问题，督促{_v('rule_of_law_inspection.units_urged')}家单位"
        f"整改落实。完成{_v('enforcement_evaluation.units_scored')}家行政执法部门评议考核，"
        f"{_v('enforcement_annual_data.filed')}家行政执法部门报送"
        "{{ year }}年度行政执法数据。",
    ),
    Measure(
        "measures.legal_services",
        "全面优化公共法律服务",
        (Role.LEGAL_SERVICES,),
        "{{ year }}年度共受理法律援助案件"
        f"{_v('legal_aid.accepted')}件，为群众提供法律咨询"
        f"{_v('consultation.person_times', '|approx(2)')}人次，为受援人挽回经济损失"
        f"{_v('legal_aid.recovered', '|wan|approx')}万元；为群众公证"
        f"{_v('notarization.issued')}件，其中办理减免费用的公证案件"
        f"{_v('notarization.fee_waived')}件。"
        "{{ year }}年末全县有律师事务所"
        f"{_v('legal_service_org.held.律师事务所')}家、公证机构"
        f"{_v('legal_service_org.held.公证机构')}家、基层法律服务所"
        f"{_v('legal_service_org.held.基层法律服务所')}家，律师{_v('legal_practitioner.held.律师')}人、"
        f"公证员{_v('legal_practitioner.held.公证员')}人、基层法律服务工作者"
        f"{_v('legal_practitioner.held.基层法律服务工作者')}人；完成年度考核"
        f"{_v('practitioner_assessment.assessed')}人次（家次）。受理对律师、公证和基层法律服务的投诉"
        f"{_v('legal_service_complaint.received')}件，办结{_v('legal_service_complaint.closed')}件，"
        f"其中查证属实{_v('legal_service_complaint.substantiated')}件。"
        f"开展队伍突出问题专项治理，检查法律服务机构{_v('legal_service_check.organisations')}家，"
        f"发现问题{_v('legal_service_check.findings')}个，按期整改到位"
        f"{_v('legal_service_check.rectified_on_time')}个。",
    ),
    Measure(
        "measures.mediation",
        "主动作为推动人民调解工作",
        (Role.MEDIATION,),
        "{{ year }}年度共调解各类矛盾纠纷"
        f"{_v('mediation.received')}件，调解成功{_v('mediation.succeeded')}件；"
        f"发放“以奖代补”资金{_v('mediation.subsidy_amount', '|number')}元。",
    ),
    Measure(
        "measures.corrections",
        "综合施策全力推进社会治理",
        (Role.CORRECTIONS, Role.RESETTLEMENT),
        f"社区矫正对象在册人数{_v('corrections.registered')}人，"
        "{{ year }}年共开展各类别主题教育活动"
        f"{_v('corrections.activities.主题教育')}次、"
        f"团体心理辅导{_v('corrections.activities.团体心理辅导')}次、"
        f"课堂学习{_v('corrections.activities.集中学习课堂')}期，受教育矫正对象"
        f"{_v('corrections.education_person_times', '|approx')}人次。"
        f"在册安置帮教对象共{_v('resettlement.registered')}人，"
        f"重点帮教对象{_v('resettlement.key_subjects')}名。",
    ),
)

# The report as a whole is drafted by the bureau's 法治 section and its leaders.
GENERAL_ROLES = (Role.LEGALITY, Role.LEADER)


@dataclass(frozen=True)
class ProseBlock:
    key: str
    label: str
    roles: tuple[str, ...]


PROSE_BLOCKS = (
    ProseBlock("opening", "开篇（总体情况）", GENERAL_ROLES),
    *(ProseBlock(m.key, f"一、举措和成效：{m.heading}", m.roles) for m in MEASURES),
    ProseBlock("shortcomings", "二、存在的不足和原因", GENERAL_ROLES),
    ProseBlock("first_responsible", "三、第一责任人履职情况", GENERAL_ROLES),
    ProseBlock("next_year", "四、下一年度主要安排", GENERAL_ROLES),
    ProseBlock("other", "五、其他需要报告的情况", GENERAL_ROLES),
)
BLOCKS = {block.key: block for block in PROSE_BLOCKS}
