"""Properties of the pure rules, over inputs nobody would think to write by hand (hypothesis):
the working-day calendar, ID-number check digits, the masks, the report's number filters, and
the import validator's reading of a cell — which, for any text at all, gives a value or its own
Chinese CellError, never anything else."""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fazhi.core import workdays
from fazhi.core.columns import FIRST_YEAR, LAST_YEAR, CellError
from fazhi.core.idnumber import id_number_check_digit, mask_id_number, validate_id_number
from fazhi.core.masks import MASKS, mask, mask_address, mask_name
from fazhi.core.registers import REGISTERS
from fazhi.core.tabular import TableError, _text, count_rows, read_table
from fazhi.reports import numbers

# No example database: the run leaves no .hypothesis/ directory in the checkout.
FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CJK = re.compile(r"[\u4e00-\u9fff]")

# --- the working-day calendar --------------------------------------------------------------

KNOWN = workdays.PACKAGE_YEARS
# Starts far enough inside the known years that every period below ends inside them too.
starts = st.dates(datetime.date(KNOWN.start, 1, 1), datetime.date(KNOWN.stop - 2, 6, 30))
counts = st.integers(min_value=1, max_value=60)


@FAST
@given(starts, counts)
def test_adding_n_working_days_then_counting_back_gives_n(start, n):
    end = workdays.add_working_days(start, n)
    assert end > start
    assert workdays.is_working_day(end)
    assert workdays.working_days_between(start, end) == n
    # The day before the end is still one short: the n-th working day is the first such day.
    assert workdays.working_days_between(start, end - datetime.timedelta(days=1)) == n - 1


@FAST
@given(starts, counts, counts)
def test_more_working_days_never_end_earlier(start, n, m):
    n, m = sorted((n, m))
    assert workdays.add_working_days(start, n) <= workdays.add_working_days(start, m)
    if n < m:
        assert workdays.add_working_days(start, n) < workdays.add_working_days(start, m)


@FAST
@given(starts, starts, counts)
def test_a_later_start_never_ends_earlier(first, second, n):
    first, second = sorted((first, second))
    for add in (workdays.add_working_days, workdays.add_calendar_days):
        assert add(first, n) <= add(second, n)


@FAST
@given(starts, counts)
def test_a_calendar_day_deadline_never_falls_on_a_rest_day(start, n):
    end = workdays.add_calendar_days(start, n)
    raw = start + datetime.timedelta(days=n)
    assert workdays.is_working_day(end) and end >= raw
    # It moved only across rest days.
    day = raw
    while day < end:
        assert not workdays.is_working_day(day)
        day += datetime.timedelta(days=1)


@FAST
@given(starts, st.integers(min_value=1, max_value=12))
def test_a_month_deadline_is_a_working_day_in_the_right_month_or_just_after(start, n):
    end = workdays.add_months(start, n)
    assert workdays.is_working_day(end)
    month = (start.year * 12 + start.month - 1 + n) % 12 + 1
    # Moved forward over rest days at most into the first days of the next month.
    assert end.month == month or (end.day <= 10 and end.month == month % 12 + 1)


@FAST
@given(st.dates(datetime.date(KNOWN.stop, 1, 1), datetime.date(2099, 6, 30)), counts)
def test_a_year_nobody_entered_gives_a_provisional_date_never_none(start, n):
    found = workdays.deadline("期限", "依据", lambda: workdays.add_working_days(start, n))
    assert found.date is not None and found.provisional
    assert workdays.working_days_between(start, found.date) == n


@FAST
@given(st.dates(datetime.date(2101, 1, 1), datetime.date(2199, 12, 31)), counts)
def test_a_year_beyond_the_computable_range_is_an_error_never_a_guess(start, n):
    with pytest.raises(workdays.CalendarYearUnknown) as unknown:
        workdays.add_working_days(start, n)
    assert CJK.search(str(unknown.value))
    found = workdays.deadline("期限", "依据", lambda: workdays.add_working_days(start, n))
    assert found.date is None and "无法计算工作日" in found.problem


# --- ID numbers ----------------------------------------------------------------------------


@st.composite
def id_numbers(draw):
    address = draw(st.from_regex(r"[1-6][0-9]{5}", fullmatch=True))
    birth = draw(st.dates(datetime.date(1900, 1, 1), timezone.localdate()))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    first17 = f"{address}{birth:%Y%m%d}{sequence}"
    return first17 + id_number_check_digit(first17)


@FAST
@given(id_numbers())
def test_generated_valid_numbers_pass_in_either_case(number):
    assert validate_id_number(number) == number
    assert validate_id_number(f"  {number.lower()} ") == number


@FAST
@given(id_numbers(), st.integers(min_value=0, max_value=17), st.integers(1, 10))
def test_any_single_changed_character_is_rejected(number, position, shift):
    alphabet = "0123456789X" if position == 17 else "0123456789"
    original = alphabet.index(number[position])
    changed = alphabet[(original + shift) % len(alphabet)]
    assume(changed != number[position])
    with pytest.raises(ValidationError):
        validate_id_number(number[:position] + changed + number[position + 1 :])


@FAST
@given(st.text(max_size=30))
def test_any_text_is_a_valid_number_or_a_chinese_validation_error(text):
    try:
        number = validate_id_number(text)
    except ValidationError as error:
        assert CJK.search(error.messages[0])
    else:
        assert re.fullmatch(r"[0-9]{17}[0-9X]", number)


# --- masks ---------------------------------------------------------------------------------


@FAST
@given(id_numbers())
def test_an_id_mask_shows_only_the_first_and_last_four(number):
    shown = mask_id_number(number)
    assert len(shown) == 18 and shown[:4] == number[:4] and shown[-4:] == number[-4:]
    assert set(shown[4:-4]) == {"*"}  # birth date and sequence are gone


person_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="*＊"),
    min_size=1,
    max_size=40,
)


@FAST
@given(person_text)
def test_no_mask_shows_a_value_in_full(value):
    assume(value.strip())
    for kind in MASKS:
        shown = mask(kind, value)
        assert shown != value.strip(), kind


@FAST
@given(person_text)
def test_a_name_mask_keeps_at_most_the_surname(value):
    name = value.strip()
    assume(name)
    shown = mask_name(value)
    visible = shown.rstrip("*")
    assert len(shown) == len(name) and name.startswith(visible)
    assert len(visible) <= (2 if len(name) >= 4 else 1) and len(visible) < len(name)


@FAST
@given(person_text)
def test_an_address_mask_keeps_at_most_six_characters(value):
    address = value.strip()
    assume(address)
    shown = mask_address(value)
    assert shown.endswith("****")
    visible = shown[: -len("****")]
    assert len(visible) <= 6 and address.startswith(visible) and visible != address


# --- the report's number filters -----------------------------------------------------------


@FAST
@given(st.integers(min_value=10, max_value=10**12), st.integers(min_value=1, max_value=4))
def test_approx_floors_to_its_digits_and_says_so(value, digits):
    text = numbers.approx(value, digits)
    floored = int(text.removesuffix("余"))
    step = 10 ** max(len(str(value)) - digits, 0)
    assert floored <= value < floored + step
    assert floored % step == 0
    assert text.endswith("余") == (floored != value)


@FAST
@given(st.decimals(min_value=0, max_value=1, places=4), st.integers(min_value=0, max_value=3))
def test_pct_is_the_rate_times_100_rounded_half_up(rate, precision):
    text = numbers.pct(rate, precision)
    assert text.endswith("%")
    shown = Decimal(text[:-1])
    assert abs(shown - rate * 100) <= Decimal(5).scaleb(-precision - 1)
    assert numbers.pct(None) == numbers.NO_VALUE


@FAST
@given(st.integers(min_value=1, max_value=99))
def test_chinese_numerals_are_distinct_and_well_formed(n):
    text = numbers.cn(n)
    assert set(text) <= set(numbers.DIGITS[1:] + "十") and 1 <= len(text) <= 3
    assert numbers.h1(n) == text + "、" and numbers.h2(n) == f"（{text}）"
    assert [numbers.cn(m) for m in range(1, 100)].count(text) == 1


@FAST
@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)))
def test_chinese_dates_are_unpadded(day):
    assert numbers.cn_date(day) == f"{day.year}年{day.month}月{day.day}日"


# --- the import validator ------------------------------------------------------------------

ALL_COLUMNS = [
    pytest.param(column, id=f"{register.name}.{column.field}")
    for register in REGISTERS.values()
    for column in register.columns
]


@pytest.mark.parametrize("column", ALL_COLUMNS)
@settings(max_examples=60, deadline=None, database=None)
@given(text=st.text(max_size=80))
def test_any_cell_text_gives_a_value_or_a_chinese_cell_error(column, text):
    try:
        column.parse(text)
    except CellError as error:
        assert CJK.search(str(error))


@pytest.mark.parametrize("column", ALL_COLUMNS)
def test_every_column_reads_back_what_it_writes(column):
    for value in _values(column):
        assert column.parse(column.format(value)) == value, value


def _values(column):
    today = timezone.localdate()
    if column.kind == "date":
        return [datetime.date(2024, 2, 29), datetime.date(FIRST_YEAR, 1, 1), today]
    if column.kind == "bool":
        return [True, False]
    if column.kind == "choice":
        return [value for value, _ in column.choices]
    if column.kind == "int":
        return [0, 7, 999_999_999]
    if column.kind == "decimal":
        return [Decimal("0"), Decimal("3000"), Decimal("12.5"), Decimal("0.01")]
    return ["白果调〔2024〕1号"] if column.kind == "text" else []


DATE_COLUMNS = [
    pytest.param(column, id=f"{register.name}.{column.field}")
    for register in REGISTERS.values()
    for column in register.columns
    if column.kind == "date"
][:3]


@pytest.mark.parametrize("column", DATE_COLUMNS)
@FAST
@given(day=st.dates(datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)))
def test_a_date_in_any_accepted_form_reads_as_that_date(column, day):
    """The accepted forms: YYYY-MM-DD text, and a real Excel date cell (datetime or date), which
    the table reader turns into that text."""
    for cell in (
        day.isoformat(),
        _text(day),
        _text(datetime.datetime.combine(day, datetime.time())),
    ):
        if column.past_only and day > timezone.localdate():
            with pytest.raises(CellError, match="晚于今天"):
                column.parse(cell)
        else:
            assert column.parse(cell) == day


@FAST
@given(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6), st.booleans())
def test_any_csv_reads_as_a_table_or_a_chinese_table_error(cells, bom):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(cells)
    data = buffer.getvalue().encode("utf-8")
    data = b"\xef\xbb\xbf" + data if bom else data
    try:
        table = read_table(io.BytesIO(data), "随机.csv")
    except TableError as error:
        assert CJK.search(str(error))
    else:
        assert all(set(row.values) == set(table.headers) for row in table.rows)
        # The upload page decides "too many rows" on this count: it must never undercount.
        assert count_rows(data, "随机.csv") >= len(table.rows)


@FAST
@given(st.binary(max_size=2048), st.sampled_from(["随机.csv", "随机.xlsx"]))
def test_any_bytes_read_as_a_table_or_a_chinese_table_error(data, name):
    try:
        read_table(io.BytesIO(data), name)
    except TableError as error:
        assert CJK.search(str(error))


# What a worksheet cell may hold: no control characters.
sheet_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)


@settings(max_examples=30, deadline=None, database=None)
@given(st.lists(st.lists(sheet_text, min_size=1, max_size=4), min_size=1, max_size=8))
def test_the_xlsx_row_count_never_undercounts(cells):
    workbook = openpyxl.Workbook()
    for values in cells:
        workbook.active.append(values)
        for cell in workbook.active[workbook.active.max_row]:
            cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    try:
        table = read_table(io.BytesIO(data), "随机.xlsx")
    except TableError as error:
        assert CJK.search(str(error))
    else:
        assert count_rows(data, "随机.xlsx") >= len(table.rows)


@pytest.mark.parametrize("text", ["２０２４-０１-０１", "٢٠٢٤-٠١-٠١", "2024-0١-01"])
def test_digits_of_other_scripts_are_refused_as_a_wrong_form_not_read(text):
    column = next(c for c in REGISTERS["mediation"].columns if c.header == "受理日期")
    with pytest.raises(CellError, match="格式不正确"):
        column.parse(text)
