"""社区矫正's duplicate check (core/duplicates.py): one person is under one term of corrections
at a time in the whole province (the constraint corrections_one_open_term_per_person), so
registering an ID number under an open term must be refused wherever the term is, without the
refusal telling an officer of another county whether the number is under corrections.

What is generic — the audit entries, the holder's notice, the limit, flushing after the refused
transaction — is core's; this module declares the register's open condition and its words.
LIMIT, WINDOW, REFUSAL_ACTION and flush are re-exported for this app's callers and tests."""

from django.db.models import Q

from fazhi.core import duplicates
from fazhi.core.duplicates import LIMIT, REFUSAL_ACTION, WINDOW, flush  # noqa: F401

from .rules import OPEN_STATUSES

NEUTRAL = "该身份证号的人员已在矫，同一人不能同时登记两次；已通知负责其社区矫正的单位核实"

GUARD = duplicates.Guard(
    register="corrections_subject",
    open=Q(status__in=OPEN_STATUSES),
    verb="登记社区矫正对象",
    held="已在矫",
    people="在矫人员",
    named="该身份证号的社区矫正对象已在矫（{where}），同一人不能同时登记两次",
    neutral=NEUTRAL,
    blocked="您在一小时内已有 {limit} 次登记的人员已在矫。为防止借登记查询他人信息，{until} 前"
    "暂停您登记在矫人员（新的身份证号也不受理）；确需登记的，请联系县级社区矫正机构",
    notices_url="corrections_subject:notices",
    held_subjects="在矫对象",
    number_label="矫正编号",
)
