"""bulk_full_clean: a file's records validated with each field's distinct values checked once,
to the same ValidationError as full_clean (pure, but for the last test: an import)."""

import copy
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from fazhi.core import writes
from fazhi.core.registers import REGISTERS
from fazhi.core.tabular import Row, Table
from fazhi.core.writes import ValidationMemo, bulk_full_clean
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.legalaid.models import LegalAidCase
from fazhi.mediation.columns import REGISTER as MEDIATION
from fazhi.mediation.models import MediationCase

D = datetime.date
VALID_ID_NUMBER = "11010519491231002X"


def relations(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if f.is_relation}


def full_clean_outcome(record):
    """What the import's validation was: full_clean without relations, uniqueness and
    constraints — its errors, and the values it leaves on the record."""
    record = copy.copy(record)
    try:
        record.full_clean(
            exclude=relations(type(record)), validate_unique=False, validate_constraints=False
        )
        errors = None
    except ValidationError as error:
        errors = error.message_dict
    except (TypeError, ValueError) as error:  # a value Django's own validation trips on
        errors = type(error).__name__, str(error)
    return errors, values_of(record)


def bulk_outcome(record, memo):
    record = copy.copy(record)
    try:
        bulk_full_clean(record, relations(type(record)), memo)
        errors = None
    except ValidationError as error:
        errors = error.message_dict
    except (TypeError, ValueError) as error:  # a value Django's own validation trips on
        errors = type(error).__name__, str(error)
    return errors, values_of(record)


def values_of(record):
    return {f.attname: repr(getattr(record, f.attname)) for f in record._meta.concrete_fields}


def mediation_case(**values):
    facts = {
        "number": "调〔2024〕1号",
        "committee_code": "433126-S01-01",
        "received_date": D(2024, 3, 1),
        "dispute_type": "neighbour",
        "mediator": "向某",
        "status": "succeeded",
        "agreement_form": "written",
        "closed_date": D(2024, 3, 10),
        "amount": Decimal("1200.50"),
        "parties": 2,
    }
    return MediationCase(**{**facts, **values})


def legal_aid_case(**values):
    facts = {
        "number": "援〔2024〕1号",
        "recipient": "张某",
        "id_number": VALID_ID_NUMBER,
        "category": "civil",
        "application_date": D(2024, 3, 1),
        "recovered": Decimal("0.00"),
    }
    return LegalAidCase(**{**facts, **values})


BAD_MEDIATION = [
    {"number": ""},
    {"number": "号" * 65},
    {"dispute_type": "quarrel"},
    {"dispute_type": ""},
    {"status": "maybe", "source": "rumour"},
    {"received_date": None},
    {"received_date": "2024-13-01"},
    {"parties": -1},
    {"amount": Decimal("1.001")},
    {"amount": Decimal("1E+13")},
    {"amount": Decimal("1E+12")},
    {"mediator": "名" * 51, "committee_code": "码" * 33},
    {"judicial_confirmation": None},
    {"subsidy_year": 0, "subsidy_reason": "意" * 201},
]
# Values equal to a refused one but valid themselves, and the reverse: Decimal("1.0") ==
# Decimal("1.000"), True == 1.
EQUAL_TWINS = [
    {"parties": True},
    {"parties": 1},
    {"amount": Decimal("1.0")},
    {"amount": Decimal("1.000")},
]
BAD_LEGAL_AID = [
    {"id_number": "110105194912310021"},
    {"id_number": "11010519491231002"},
    {"id_number": "1" * 19},
    {"recipient": "", "category": "none"},
    {"route": "letter", "decision": "perhaps"},
    {"recovered": Decimal("123456789012345")},
    {"application_date": None, "decision_date": "yesterday"},
]


@pytest.mark.parametrize(
    "make, changes",
    [(mediation_case, BAD_MEDIATION), (legal_aid_case, BAD_LEGAL_AID)],
    ids=["mediation", "legal_aid"],
)
def test_a_files_invalid_records_get_the_errors_and_values_full_clean_gives(make, changes):
    memo = ValidationMemo()  # one file: the second round is answered from the memo
    records = [make()] + [make(**change) for change in changes]
    for record in records * 2:
        assert bulk_outcome(record, memo) == full_clean_outcome(record)
    assert full_clean_outcome(records[0])[0] is None
    assert all(full_clean_outcome(record)[0] for record in records[1:])


def test_equal_values_are_not_taken_for_one_another():
    memo = ValidationMemo()
    records = [mediation_case(**change) for change in EQUAL_TWINS]
    for record in records * 2:
        assert bulk_outcome(record, memo) == full_clean_outcome(record)
    refused = [bool(bulk_outcome(record, memo)[0]) for record in records]
    assert refused == [False, False, False, True]


def test_the_errors_are_chinese_and_name_their_field():
    memo = ValidationMemo()
    errors, _ = bulk_outcome(legal_aid_case(id_number="110105194912310021"), memo)
    assert list(errors) == ["id_number"]
    assert "身份证号" in errors["id_number"][0]
    errors, _ = bulk_outcome(mediation_case(dispute_type="quarrel"), memo)
    assert list(errors) == ["dispute_type"]


def every_register_model():
    return sorted({register.model for register in REGISTERS.values()}, key=str)


@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime")
@pytest.mark.parametrize("model", every_register_model(), ids=lambda m: m._meta.label)
def test_every_registers_fields_spoilt_one_by_one_give_full_cleans_errors(model):
    """Each field of each register, given the values that break one rule or another."""
    spoilers = ["", None, "字" * 300, "not-a-choice", -1, 0, True, Decimal("1.001")]
    spoilers += [Decimal("1E+20"), "2024-02-30", D(2024, 2, 29)]
    memo = ValidationMemo()
    fields = [f for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key]
    for model_field in fields:
        for value in spoilers:
            record = model(**{model_field.attname: value})
            assert bulk_outcome(record, memo) == full_clean_outcome(record)
            assert bulk_outcome(record, memo) == full_clean_outcome(record)


def test_mostly_distinct_values_drop_their_fields_memo(monkeypatch):
    monkeypatch.setattr(writes, "VALIDATION_MEMO_FREE", 16)
    memo = ValidationMemo()
    for n in range(100):
        bulk_full_clean(mediation_case(number=f"调{n}"), relations(MediationCase), memo)
    fields = {field_memo.name: field_memo for field_memo in memo.of(MediationCase)}
    assert fields["number"].outcomes is None
    assert len(fields["dispute_type"].outcomes) == 1


def test_a_model_with_its_own_clean_is_cleaned_record_by_record(monkeypatch):
    def clean(record):
        if record.closed_date and record.closed_date < record.received_date:
            raise ValidationError({"closed_date": "结案日期早于受理日期"})

    monkeypatch.setattr(MediationCase, "clean", clean, raising=False)
    memo = ValidationMemo()
    early = mediation_case(closed_date=D(2024, 2, 1))
    for record in [mediation_case(), early, mediation_case(), early]:
        assert bulk_outcome(record, memo) == full_clean_outcome(record)
    assert bulk_outcome(early, memo)[0] == {"closed_date": ["结案日期早于受理日期"]}


def mediation_row(number: int, code: str, mediator: str) -> Row:
    cells = {
        "调解编号": code,
        "调解组织": "433126-S01-01",
        "受理日期": "2024-03-01",
        "纠纷类型": "邻里",
        "调解员": mediator,
        "所属单位代码": "433126-S01-01",
    }
    return Row(number, cells)


def test_nothing_validated_in_one_import_is_taken_for_the_next(tree, monkeypatch):
    """Two imports with the same 调解员; between them a rule refusing him comes in. A memo
    kept from the first import would let the second through."""
    headers = list(mediation_row(2, "", "").values)
    first = Table(headers, [mediation_row(2, "调1", "向某"), mediation_row(3, "调2", "向某")])
    import_rows(None, MEDIATION, first)
    mediator = MediationCase._meta.get_field("mediator")
    refusal = RegexValidator("^(?!向某$)", "调解员「向某」已离任")
    monkeypatch.setattr(mediator, "validators", [*mediator.validators, refusal])
    second = Table(headers, [mediation_row(2, "调3", "向某"), mediation_row(3, "调4", "李某")])
    with pytest.raises(ImportRejected) as rejected:
        import_rows(None, MEDIATION, second)
    found = [(e.row, e.column, e.message) for e in rejected.value.errors]
    assert found == [(2, "调解员", "调解员「向某」已离任")]
