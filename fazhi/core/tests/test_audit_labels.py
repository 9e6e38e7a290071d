"""Everything the audit log names is Chinese: the subject of every entry the code writes, and
the label of every value it records (issue 19, defect 5: "annual_report" in the register filter,
"two_factor：未启用 → 已启用" in a change)."""

import re
from pathlib import Path

import pytest
from django.apps import apps

from fazhi.core.models import AuditEntry, _field_label

SOURCE = Path(__file__).resolve().parents[2]
LATIN = re.compile(r"[A-Za-z]")


def _sources():
    for path in SOURCE.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def _subjects() -> set[str]:
    """Every audit subject named in the code: register="…" and a module's REGISTER = "…"."""
    found = set()
    for _path, text in _sources():
        found |= set(re.findall(r'register="([a-z_]+)"', text))
        found |= set(re.findall(r'^(?:AUDIT_)?REGISTER = "([a-z_]+)"', text, re.M))
    return found


def _recorded_keys() -> set[str]:
    """Every key of a before={…} or after={…} literal the code records."""
    found = set()
    for _path, text in _sources():
        for literal in re.findall(r"(?:before|after)=\{([^}]*)\}", text):
            found |= set(re.findall(r'"([a-z_]+)":', literal))
    return found


def test_the_scan_finds_the_subjects_and_keys_it_is_about():
    assert {"annual_report", "api_token", "session", "indicator_setting"} <= _subjects()
    assert {"two_factor", "roles", "block"} <= _recorded_keys()


@pytest.mark.parametrize("subject", sorted(_subjects()))
def test_every_audit_subject_has_a_chinese_name(subject):
    label = AuditEntry(register=subject).register_label
    assert not LATIN.search(label), f"审计日志把「{subject}」显示为「{label}」"


def _label_somewhere(key: str) -> str:
    """The key's label as the log shows it for the model it belongs to: a field of some model,
    or a value recorded under its own key (model None)."""
    for model in apps.get_models():
        label = _field_label(model, key)
        if label != key:
            return label
    return _field_label(None, key)


@pytest.mark.parametrize("key", sorted(_recorded_keys()))
def test_every_recorded_value_has_a_chinese_label(key):
    label = _label_somewhere(key)
    assert not LATIN.search(label), f"审计日志把「{key}」显示为「{label}」"


def test_enabling_two_factor_reads_in_chinese():
    entry = AuditEntry(
        register="user", before={"two_factor": "未启用"}, after={"two_factor": "已启用"}
    )
    assert entry.changed_fields() == [("双因素认证", "未启用", "已启用")]


def test_a_recorded_choice_is_shown_by_its_label():
    """The audit log showed stored codes (civil, classroom …) where the pages show 民事 (issue
    19's page contract found them); a value no choice names is shown as recorded."""
    from fazhi.core.models import AuditEntry

    entry = AuditEntry(
        register="legal_aid",
        before={"category": "civil", "recipient": "张某"},
        after={"category": "criminal", "recipient": "李某"},
    )
    assert entry.changed_fields() == [("案件类别", "民事", "刑事"), ("受援人", "张某", "李某")]
    gone = AuditEntry(register="legal_aid", before={"category": "old_code"}, after={})
    assert gone.changed_fields() == [("案件类别", "old_code", None)]


def test_a_report_block_written_is_named_as_the_page_names_it():
    from fazhi.core.models import AuditEntry

    entry = AuditEntry(register="annual_report", after={"block": "measures.publicity"})
    named = "一、举措和成效：持续巩固法治宣传教育成效"
    assert entry.changed_fields() == [("报告段落", None, named)]
