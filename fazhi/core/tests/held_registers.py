"""The registers with a duplicate check (core/duplicates.py) as the duplicate-oracle tests drive
them: 社区矫正 (one open term of corrections per person) and 安置帮教 (one 在册 record per
person). Each declares its people, its forms and payloads and the words its refusals use; the
tests (test_duplicate_oracle.py) are written once for both.

古丈县古阳镇司法所 holds the people (`hold`); an officer of 泸溪县 tries their ID numbers
(`probe_form`, `import_row`, `api_payload`)."""

import datetime
from dataclasses import dataclass
from types import ModuleType

from django.urls import reverse

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditEntry, DuplicateNotice
from fazhi.core.registers import Register
from fazhi.core.roles import Role
from fazhi.corrections import actions as corrections_actions
from fazhi.corrections import attempts as corrections_attempts
from fazhi.corrections.columns import SUBJECT_REGISTER
from fazhi.resettlement import actions as resettlement_actions
from fazhi.resettlement import attempts as resettlement_attempts
from fazhi.resettlement.columns import REGISTER as RESETTLEMENT_REGISTER

D = datetime.date


@dataclass(frozen=True)
class HeldRegister:
    register: Register
    role: str
    actions: ModuleType  # register_subject(actor, unit=, **facts), update_subject(actor, record, …)
    attempts: ModuleType  # NEUTRAL, LIMIT, WINDOW, REFUSAL_ACTION
    code: str  # in the test users' names: lx_corr, gz_bj …
    held_prefix: str  # 古丈's record numbers (古矫2024001)
    probe_prefix: str  # the prober's record numbers (泸矫1)
    born: str  # the first 14 digits of the held people's ID numbers
    fresh_born: str  # … and of numbers nobody holds (泸溪's)
    held_facts: dict  # a held person's particulars
    own_facts: dict  # … and those of a person the prober registers, as stored
    entered: dict  # … as the prober types them (form, API)
    told: str  # what the refusal tells whoever may open the holding record: "已在矫（…）"
    paused: tuple[str, ...]  # what the refusal after the limit says
    not_held: dict  # form values of a person no longer held (released, moved away)
    # The browser journey: the form's text inputs and the choice it makes.
    browser_fills: tuple[str, ...]
    browser_choice: tuple[str, str]
    # The 司法所 a record names beside its owner (社区矫正's 执行地司法所), "" for none: the
    # owner's own office in 古丈县, 泸溪县's for the prober.
    office_field: str = ""

    def __str__(self) -> str:
        return self.register.name

    def id_number(self, n: int) -> str:
        """The n-th held person's ID number."""
        return _with_check_digit(f"{self.born}{n:03d}")

    def fresh_id(self, n: int) -> str:
        """The n-th ID number that nobody holds."""
        return _with_check_digit(f"{self.fresh_born}{n:03d}")

    @property
    def secrets(self) -> tuple[str, ...]:
        """What the refused officer may not learn: where the person is, under which record."""
        return ("古丈", "古阳镇", "433126", self.held_prefix, "其他单位", "湘西")

    @property
    def refusal_note(self) -> str:
        """How a refused attempt's audit entry begins."""
        return f"登记{self.register.label}被拒绝"

    def refusals(self, user):
        """The audit entries of `user`'s refused attempts at this register."""
        return AuditEntry.objects.filter(
            actor=user, action=self.attempts.REFUSAL_ACTION, note__startswith=self.refusal_note
        )

    def notices(self):
        """The notices of attempts at this register sent to the holders."""
        return DuplicateNotice.objects.filter(register=self.register.name)

    def url(self, page: str, *args) -> str:
        return reverse(f"{self.register.name}:{page}", args=args)

    @property
    def api(self) -> str:
        return f"/api/registers/{self.register.name}/records"

    @property
    def import_url(self) -> str:
        return f"/registers/{self.register.name}/import/"

    def _office(self, office) -> dict:
        return {self.office_field: office} if self.office_field else {}

    def hold(self, tree, n: int):
        """The n-th person held in 古丈县古阳镇司法所 (command line: no actor)."""
        facts = self.held_facts | self._office(tree["office"])
        return self.actions.register_subject(
            None,
            unit=tree["office"],
            number=f"{self.held_prefix}2024{n:03d}",
            id_number=self.id_number(n),
            **facts,
        )

    def register_own(self, actor, tree, number: str, id_text: str):
        """A person the prober registers in his own county."""
        facts = self.own_facts | self._office(tree["sibling_office"])
        return self.actions.register_subject(
            actor, unit=tree["sibling"], number=number, name="某", id_number=id_text, **facts
        )

    def _typed(self, number: str, id_text: str) -> dict:
        return {"number": number, "name": "某", "id_number": id_text, **self.entered}

    def web_form(self, unit, office, number: str, id_text: str) -> dict:
        """The register form of a person owned by `unit` (and named to `office`)."""
        owner = {"unit": unit.pk} | {k: v.pk for k, v in self._office(office).items()}
        return self._typed(number, id_text) | owner

    def probe_form(self, tree, number: str, id_text: str, **values) -> dict:
        """The register form as the prober fills it in for his county."""
        return self.web_form(tree["sibling"], tree["sibling_office"], number, id_text) | values

    def api_payload(self, number: str, id_text: str) -> dict:
        """The prober's payload: his county's, and its 司法所 by code."""
        office = {f"{self.office_field}_code": "433122-S01"} if self.office_field else {}
        return self._typed(number, id_text) | {"unit": "433122"} | office

    def import_row(self, number: str, id_text: str) -> dict:
        """The register's sample row as the prober's, with its number and ID number."""
        row = {
            **self.register.sample,
            self.register.number_column.header: number,
            "身份证号": id_text,
            "所属单位代码": "433122",
        }
        for column in self.register.columns:
            if self.office_field and column.field == f"{self.office_field}_code":
                row[column.header] = "433122-S01"
        return row


def _with_check_digit(first17: str) -> str:
    return first17 + id_number_check_digit(first17)


CORRECTIONS = HeldRegister(
    register=SUBJECT_REGISTER,
    role=Role.CORRECTIONS,
    actions=corrections_actions,
    attempts=corrections_attempts,
    code="corr",
    held_prefix="古矫",
    probe_prefix="泸矫",
    born="43312619850505",
    fresh_born="43312219900101",
    held_facts={
        "name": "彭某",
        "category": "probation",
        "judgment_effective_date": D(2024, 3, 1),
        "reported_date": D(2024, 3, 5),
        "start_date": D(2024, 3, 1),
        "end_date": D(2025, 2, 28),
    },  # fmt: skip
    own_facts={
        "category": "probation",
        "judgment_effective_date": D(2024, 5, 6),
        "start_date": D(2024, 5, 6),
        "end_date": D(2025, 5, 5),
    },  # fmt: skip
    entered={
        "category": "probation",
        "judgment_effective_date": "2024-05-06",
        "start_date": "2024-05-06",
        "end_date": "2025-05-05",
        "status": "supervised",
    },  # fmt: skip
    told="已在矫",
    paused=("暂停您登记在矫人员", "联系县级社区矫正机构"),
    not_held={"status": "released", "ended_date": "2025-05-05", "end_date": "2025-05-05"},
    browser_fills=(
        "number",
        "name",
        "id_number",
        "judgment_effective_date",
        "start_date",
        "end_date",
    ),  # fmt: skip
    browser_choice=("#id_category", "probation"),
    office_field="office",
)
RESETTLEMENT = HeldRegister(
    register=RESETTLEMENT_REGISTER,
    role=Role.RESETTLEMENT,
    actions=resettlement_actions,
    attempts=resettlement_attempts,
    code="bj",
    held_prefix="古帮",
    probe_prefix="泸帮",
    born="43312619750505",
    fresh_born="43312219920101",
    held_facts={"name": "向某", "kind": "prison_release", "release_date": D(2024, 3, 5)},
    own_facts={"kind": "prison_release", "release_date": D(2024, 5, 6)},
    entered={"kind": "prison_release", "release_date": "2024-05-06", "status": "registered"},
    told="已在册",
    paused=("暂停您登记在册安置帮教对象", "县级司法局"),
    not_held={"status": "moved_away", "ended_date": "2025-01-05"},
    browser_fills=("number", "name", "id_number", "release_date"),
    browser_choice=("#id_kind", "prison_release"),
)
HELD_REGISTERS = (CORRECTIONS, RESETTLEMENT)
