"""安置帮教's duplicate check (core/duplicates.py): one person is on the register (在册) once at
a time in the whole province (the constraint resettlement_one_open_record_per_person), so
registering an ID number already 在册 must be refused wherever it is, without the refusal
telling an officer of another county whether the number is on the register — that is, whether
its bearer was released from prison or from corrections within the last years.

What is generic — the audit entries, the holder's notice, the limit (its own per register),
flushing after the refused transaction — is core's; this module declares the register's open
condition and its words."""

from django.db.models import Q

from fazhi.core import duplicates
from fazhi.core.duplicates import LIMIT, REFUSAL_ACTION, WINDOW, flush  # noqa: F401

from .models import ResettlementStatus

NEUTRAL = (
    "该身份证号的人员已在册接受安置帮教，同一人不能同时登记两次；已通知负责其安置帮教的单位核实"
)

GUARD = duplicates.Guard(
    register="resettlement_subject",
    open=Q(status=ResettlementStatus.REGISTERED),
    verb="登记安置帮教对象",
    held="已在册",
    people="在册人员",
    named="该身份证号的安置帮教对象已在册（{where}），不能重复登记",
    neutral=NEUTRAL,
    blocked="您在一小时内已有 {limit} 次登记的人员已在册。为防止借登记查询他人信息，{until} 前"
    "暂停您登记在册安置帮教对象（新的身份证号也不受理）；确需登记的，请联系县级司法局安置帮教"
    "工作负责人",
    notices_url="resettlement_subject:notices",
    held_subjects="在册安置帮教对象",
    number_label="帮教编号",
)
