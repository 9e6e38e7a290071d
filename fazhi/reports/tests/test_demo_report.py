"""Done when: `annual_report --year 2024 --unit 433126` on the demo data gives a .docx whose
text carries every figure of the reference report's table (shared/domain/annual_report.md)."""

import io

import pytest
from django.core.management import call_command

from fazhi.reports.rendering import document_text

REFERENCE = [
    "组织70余名单位主要负责人完成专题述法",
    "发布信息稿件40余篇",
    "共收到行政复议案件48件，办结23件，其中不予受理4件，申请人逾期未补正4件，维持9件，"
    "变更0件，驳回申请人复议请求3件，撤销被申请人行政决定2件，申请人主动撤回申请1件",
    "办结复议案件转为行政诉讼案件3件",
    "共办理行政诉讼案件63件，其中有54件诉讼案件已审结",
    "起草各类审查意见90份（不含专项审查意见），其中审查行政重大协议17件；"
    "审查招商引资协议及补充协议5件；审查拨付、解决、补偿等各类费用文件6件；"
    "共完成备案审查规范性文件8件",
    "督促14家单位",
    "共受理法律援助案件213件，为群众提供法律咨询650余人次，为受援人挽回经济损失100余万元；"
    "为群众公证106件，其中办理减免费用的公证案件15件",
    "共调解各类矛盾纠纷1085件，调解成功1055件；发放“以奖代补”资金97200元",
    "社区矫正对象在册人数55人",
    "主题教育活动3次、团体心理辅导1次、课堂学习8期，受教育矫正对象500余人次",
    "在册安置帮教对象共731人，重点帮教对象33名",
    "已判决的54件诉讼案件中有12件败诉，败诉率为22%",
    # the officers' prose of the demo's drafted report (reports/demo.py)
    "2024年，在县委、县政府的坚强领导下",
    "一是法治宣传教育举措创新不够。",
]


@pytest.mark.django_db
def test_the_demo_countys_2024_report_carries_every_figure_of_the_reference(tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--password", "Demo-pass-2024", stdout=io.StringIO())
    out = tmp_path / "2024.docx"
    call_command("annual_report", "--year", "2024", "--unit", "433126", "--out", str(out))
    text = document_text(out.read_bytes())
    missing = [sentence for sentence in REFERENCE if sentence not in text]
    assert not missing, "\n".join(missing) + "\n\n" + text
