"""Issue 15 (安置帮教, as point 7 for 社区矫正): registering an ID number already 在册 elsewhere
must not be an oracle. What both registers with a duplicate check keep — the neutral refusal,
its trace, the holder's notice and the limit, through every way of registering — is tested
once for both in core/tests/test_duplicate_oracle.py; here is what is 安置帮教's own: a limit
apart from 社区矫正's, the prefecture's officer who sees only masks, and the audit page."""

import re

import pytest

from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.models import AuditAction, DuplicateNotice
from fazhi.core.roles import Role
from fazhi.core.tests.held_registers import CORRECTIONS, RESETTLEMENT

LIMIT = RESETTLEMENT.attempts.LIMIT


def test_the_limit_is_the_registers_own(tree, make_user):
    """Answers about 安置帮教 do not stop a 社区矫正 registration, nor the other way round: each
    register tells at most LIMIT an hour, and each is notified to its own holders."""
    for n in range(1, LIMIT + 1):
        RESETTLEMENT.hold(tree, n)
    prober = make_user("lx_both", tree["sibling"], Role.RESETTLEMENT, Role.CORRECTIONS)
    for n in range(1, LIMIT + 1):
        with pytest.raises(RecordInvalid):
            RESETTLEMENT.register_own(prober, tree, f"泸帮{n}", RESETTLEMENT.id_number(n))
    with pytest.raises(RecordInvalid, match="暂停您登记在册安置帮教对象"):
        RESETTLEMENT.register_own(prober, tree, "泸帮新", RESETTLEMENT.fresh_id(1))
    CORRECTIONS.register_own(prober, tree, "泸矫1", RESETTLEMENT.fresh_id(2))
    assert DuplicateNotice.objects.filter(register="corrections_subject").count() == 0


def test_a_writer_who_sees_only_masks_is_refused_as_such_and_asks_nothing(tree, make_user):
    """The prefecture's officer reaches every county's records but sees masks: a number he
    types is refused because he may not write personal data, before any lookup."""
    RESETTLEMENT.hold(tree, 1)
    prefecture = make_user("zhou_bj", tree["prefecture"], Role.RESETTLEMENT)
    with pytest.raises(ActionRefused) as refused:
        RESETTLEMENT.register_own(prefecture, tree, "州帮1", RESETTLEMENT.id_number(1))
    assert "脱敏信息" in str(refused.value) and "已在册" not in str(refused.value)
    assert not RESETTLEMENT.refusals(prefecture).exists()
    assert not RESETTLEMENT.notices().exists()


def test_the_audit_administrator_finds_refusals_as_登记被拒绝(client, tree, make_user):
    RESETTLEMENT.hold(tree, 1)
    client.force_login(make_user("lx_bj", tree["sibling"], Role.RESETTLEMENT))
    form = RESETTLEMENT.probe_form(tree, "泸帮1", RESETTLEMENT.id_number(1))
    client.post(RESETTLEMENT.url("create"), form)
    auditor = make_user("gz_audit", tree["county"], Role.AUDIT_ADMIN)
    client.force_login(auditor)
    response = client.get("/audit/", {"action": AuditAction.REFUSED_REGISTRATION})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="refused_registration" selected>登记被拒绝</option>' in page
    entries = list(response.context["page"])
    assert [e.actor_username for e in entries] == ["lx_bj"]
    assert "登记被拒绝" in page and RESETTLEMENT.id_number(1) not in page
    assert re.search(r"4331\*{10}[\dX]{4}", page)
    # 泸溪's audit administrator does not see 古丈's record named under his officer's attempt.
    client.force_login(make_user("lx_audit", tree["sibling"], Role.AUDIT_ADMIN))
    response = client.get("/audit/", {"action": AuditAction.REFUSED_REGISTRATION})
    assert "古帮2024001" not in response.content.decode()
