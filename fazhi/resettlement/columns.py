"""安置帮教对象's Excel columns (the domain file's order) and its declaration.

Two columns the domain file lacks are added: 居住地址 after 身份证号 and 终止日期 after 状态
(the day 重新犯罪, 死亡 or 迁出 took the subject off the register, which "registered on a day"
needs). 帮教期满日期 is computed, so it is exported (Register.computed) but never imported.
"""

from fazhi.core import duplicates
from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.crypto import blind_index, blind_indexes
from fazhi.core.encrypted import id_number_search
from fazhi.core.errors import Problem
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import Register

from . import attempts, indicators, rules
from .models import ResettlementStatus, ResettlementSubject, SubjectKind

COLUMNS = bind(
    ResettlementSubject,
    [
        Column("帮教编号", "number", required=True),
        Column("姓名", "name", required=True),
        Column("身份证号", "id_number", required=True),
        Column("居住地址", "address"),
        Column("对象类型", "kind", required=True),
        Column("释放或解矫日期", "release_date", required=True, past_only=True),
        Column("原罪名", "original_offence"),
        Column("原判刑期", "original_sentence", help="如：有期徒刑三年"),
        Column("是否重点帮教对象", "key_subject"),
        Column("是否必接必送", "escorted"),
        Column("衔接日期", "handover_date", past_only=True, help="可早于释放日期"),
        Column("安置情况", "placement"),
        Column("帮教责任人", "helper"),
        Column("档案完整", "archive_complete"),
        Column("状态", "status", required=True),
        Column(
            "终止日期",
            "ended_date",
            past_only=True,
            help="状态为重新犯罪、死亡、迁出时必填",
        ),
        UNIT_COLUMN,
    ],
)

DUPLICATE = attempts.GUARD.named
ID_HEADER = "身份证号"


def settings() -> dict:
    """The configured 帮教期 per 对象类型 (one query)."""
    return indicators.period_settings(RegisterSetting.objects.current())


def derive(record, values: dict) -> None:
    rules.derive(record, values)
    # The blind index is otherwise set only when the row is written: computed here, the
    # model's one-registered-record-per-person constraint is checked by full_clean with the
    # value that will be stored, and the link check compares the right person.
    record.id_number_index = blind_index(record.id_number or "")


def computed(record) -> dict[str, str]:
    return {"帮教期满日期": record.period_end.isoformat() if record.period_end else ""}


def resolve(actor, records) -> list[tuple]:
    """For an import and the API: refuse a person registered twice, and link those released
    from corrections to their corrections record (three queries for the whole file)."""
    problems = duplicate_problems(actor, records)
    link_corrections(records)
    return problems


def duplicate_problems(actor, records) -> list[tuple]:
    """A person on the register twice, within the batch or against the database anywhere in
    the province (he may have been registered by another county). The constraint would refuse
    it only when writing, as one database error for the whole file; here each row gets its
    message. The database's are judged by core.duplicates (attempts.GUARD): the other record is
    named only to those who may see it, anyone else is told nothing more than "already on the
    register", traced and limited. A stored record the batch itself rewrites is judged by the
    batch's values."""
    open_records = [r for r in records if r.status == ResettlementStatus.REGISTERED and r.id_number]
    rewritten = frozenset(r.pk for r in records if r.pk is not None)
    refusals = duplicates.judge(attempts.GUARD, actor, open_records, rewritten=rewritten)
    problems = []
    seen = set()
    for record in open_records:
        digest = blind_index(record.id_number)
        message = refusals.get(id(record))
        if message is not None:
            problems.append((record, Problem(ID_HEADER, message)))
        elif digest in seen:
            problems.append((record, Problem(ID_HEADER, DUPLICATE.format(where="本文件中"))))
        seen.add(digest)
    return problems


def link_corrections(records) -> None:
    """A 解除社区矫正 row not linked yet is linked to the same person's corrections record that
    ended in 解除矫正 on its 释放或解矫日期: the same person (blind index) and the same event
    (the date), so no guess is made when a person had several terms."""
    from fazhi.corrections.models import CorrectionsStatus, CorrectionsSubject

    wanted = {
        (digest, r.release_date): r
        for r in records
        if r.kind == SubjectKind.CORRECTIONS_ENDED
        and r.corrections_subject_id is None
        and r.id_number
        and r.release_date
        for digest in blind_indexes(r.id_number)
    }
    if not wanted:
        return
    sources = CorrectionsSubject.objects.filter(
        id_number_index__in={index for index, _ in wanted},
        status=CorrectionsStatus.RELEASED,
        ended_date__in={day for _, day in wanted},
    )
    for source in sources:
        record = wanted.get((source.id_number_index, source.ended_date))
        if record is not None:
            record.corrections_subject = source


REGISTER = Register(
    name="resettlement_subject",
    model=ResettlementSubject,
    label="安置帮教对象",
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=derive,
    settings=settings,
    resolve=resolve,
    links_from=("id_number", "status", "kind", "release_date", "unit"),
    sensitive={
        "name": "name",
        "id_number": "id_number",
        "address": "address",
        "original_offence": "text",
    },
    ended_field="ended_date",  # 终止日期
    retention_years=10,  # the bureau's choice (core/retention.py), FAZHI_RETENTION_YEARS
    sample={
        "帮教编号": "古帮〔2024〕1号",
        "姓名": "张某某",
        "身份证号": "11010519491231002X",
        "居住地址": "古丈县古阳镇白果社区",
        "对象类型": "刑满释放",
        "释放或解矫日期": "2024-03-05",
        "原罪名": "盗窃罪",
        "原判刑期": "有期徒刑三年",
        "是否重点帮教对象": "是",
        "是否必接必送": "是",
        "衔接日期": "2024-03-05",
        "安置情况": "就业",
        "帮教责任人": "古阳镇司法所 王某",
        "档案完整": "是",
        "状态": "在册",
        "终止日期": "",
        UNIT_CODE_HEADER: "433126-S01",
    },
    date_field="release_date",
    search_fields=("number", "name"),
    search_hook=id_number_search,
    search_hook_label="身份证号",
    filters=("status", "kind"),
)
