"""The list table written in Python (core/list_table.py): the same cells a template would
write, every value escaped, and the register's declared columns on its list page."""

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.html import format_html

from fazhi.api.tests.conftest import sample_records, units  # noqa: F401  (fixtures)
from fazhi.core.list_table import (
    DEADLINE_COLUMNS,
    NOTHING,
    STATUS_COLUMN,
    ListColumn,
    field_column,
    number_column,
    table,
)
from fazhi.core.registers import REGISTERS
from fazhi.legalaid.models import LegalAidCase
from fazhi.mediation.models import MediationCase


class Cells(HTMLParser):
    """The text of each <th> and <td>, and each <tr>'s class."""

    def __init__(self, markup):
        super().__init__()
        self.headers, self.rows, self.classes, self._cell = [], [], [], None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.classes.append(dict(attrs).get("class", ""))
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = (tag, [])

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell:
            text = "".join(self._cell[1])
            if tag == "th":
                text = text.rstrip(" ▲▼")  # the sorted column's mark
            (self.headers if tag == "th" else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self._cell[1].append(data)


def test_a_cell_is_escaped_and_an_empty_one_shows_a_dash():
    columns = [
        ListColumn("名称", lambda r: r.name),
        ListColumn("备注", lambda r: r.note),
        ListColumn("链接", lambda r: format_html('<a href="{}">{}</a>', "/x/", r.name)),
    ]
    record = SimpleNamespace(name="<script>alert(1)</script>", note="")
    markup = table(columns, [record])
    assert "<script>" not in markup.split('<a href="/x/">')[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    cells = Cells(markup)
    assert cells.headers == ["名称", "备注", "链接"]
    assert cells.rows[1] == ["<script>alert(1)</script>", "—", "<script>alert(1)</script>"]
    assert markup.count("<a ") == 1  # the safe markup a column gives is kept as markup


def test_no_record_is_one_row_across_every_column():
    columns = [ListColumn(str(n), lambda r: "") for n in range(4)]
    markup = table(columns, [])
    assert f'<td colspan="4" class="empty">{NOTHING}</td>' in markup


def test_a_procedure_row_shows_its_state_and_deadline_and_is_marked_overdue():
    case = MediationCase(status="ongoing", number="调〔2024〕1号")
    case.pk, case.detail_url = 7, "/mediation/7/"
    case.due_label, case.due_date, case.due_provisional = (
        "答复期限",
        datetime.date(2024, 5, 6),
        False,
    )
    case.more_deadlines, case.days_left, case.overdue, case.overdue_days = 2, -3, True, 3
    columns = [number_column("调解编号"), STATUS_COLUMN, *DEADLINE_COLUMNS]
    markup = table(columns, [case], lambda r: "overdue" if r.overdue else "")
    cells = Cells(markup)
    assert cells.classes[1] == "overdue"
    assert cells.rows[1] == [
        "调〔2024〕1号",
        "调解中",
        "答复期限 2024-05-06另有 2 项期限",
        "超期 3 天",
    ]
    assert '<a href="/mediation/7/">' in markup
    assert '<th class="num">剩余天数</th>' in markup


def test_a_deadline_without_a_date_says_what_it_waits_for():
    case = SimpleNamespace(due_label="答复期限", due_date=None, due_undated="待送达")
    case.more_deadlines = 0
    assert Cells(table(DEADLINE_COLUMNS[:1], [case])).rows[1] == ["答复期限 待送达"]


def test_a_field_column_shows_labels_dates_and_personal_data_as_revealed():
    case = LegalAidCase(
        category="civil", application_date=datetime.date(2024, 3, 5), recipient="张三"
    )
    case.shown = {"recipient": "张*"}  # masked by reveal for this reader
    columns = [field_column(LegalAidCase, n) for n in ("recipient", "application_date")]
    assert [c.header for c in columns] == ["受援人", "申请日期"]
    assert columns[1].css == "nowrap"
    assert Cells(table(columns, [case])).rows[1] == ["张*", "2024-03-05"]


@pytest.mark.django_db
def test_the_mediation_list_shows_its_declared_columns(client, tree, make_user):
    from fazhi.core.roles import Role

    MediationCase.objects.create(
        unit=tree["committee"],
        number="调〔2024〕9号",
        committee=tree["committee"],
        committee_code=tree["committee"].code,
        received_date=datetime.date(2024, 3, 5),
        dispute_type="neighbour",
        mediator="向某<b>",
    )
    client.force_login(make_user("med", tree["county"], Role.MEDIATION))
    markup = client.get(reverse("mediation:list")).content.decode()
    cells = Cells(markup[markup.index('<table class="grid">') :])
    assert cells.headers == [
        "调解编号",
        "调解组织",
        "纠纷类型",
        "调解员",
        "受理日期",
        "结案日期",
        "以奖代补审核",
        "状态",
        "司法确认",
        "所属单位",
    ]
    row = cells.rows[1]
    assert row[:5] == ["调〔2024〕9号", "白果社区人民调解委员会", "邻里", "向某<b>", "2024-03-05"]
    assert row[-1] == "白果社区人民调解委员会"
    assert "向某&lt;b&gt;" in markup


def test_a_unit_written_by_its_code_is_shown_by_its_name():
    """案卷评查's 被评查单位 and 社区矫正's 执行地司法所 (issue 19, defect 4): the unit's name where
    the code names one, the code as written where it names none."""
    from fazhi.core.list_table import linked_units
    from fazhi.core.models import Unit
    from fazhi.corrections.models import CorrectionsSubject
    from fazhi.enforcement.models import CaseFileReview

    assert linked_units(CaseFileReview) == {"reviewed_unit_code": "reviewed_unit"}
    assert linked_units(CorrectionsSubject) == {"office_code": "office"}
    assert linked_units(MediationCase) == {"committee_code": "committee"}
    column = field_column(CaseFileReview, "reviewed_unit_code")
    review = CaseFileReview(reviewed_unit_code="433126-E05")
    assert column.header == "被评查单位" and column.cell(review) == "433126-E05"
    review.reviewed_unit = Unit(pk=5, code="433126-E05", name="古丈县市场监督管理局")
    assert column.cell(review) == "古丈县市场监督管理局"
    subject = CorrectionsSubject(office_code="433126-S01")
    subject.office = Unit(pk=6, code="433126-S01", name="古阳镇司法所")
    assert field_column(CorrectionsSubject, "office_code").cell(subject) == "古阳镇司法所"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in REGISTERS.items() if r.list_url))
def test_every_list_searches_and_sorts_by_its_own_date(client, tree, make_user, name):
    """Each list has its search box, and sorts by its own date named as its column is (issue
    19, defect 8: 述法 had no search box; 案卷评查, 规范性文件, 调解 and 公证 sorted by a
    「收到日期」 they do not have)."""
    register = REGISTERS[name]
    client.force_login(make_user("reader", tree["county"], register.register_role))
    page = client.get(reverse(register.list_url)).content.decode()
    assert '<input type="search" name="q"' in page
    dated = str(register.model._meta.get_field(register.date_field).verbose_name)
    if '<select name="sort"' in page:
        assert f"{dated}（新→旧）" in page
        if dated != "收到日期":
            assert "收到日期（" not in page


def test_a_heading_sorts_by_its_column_and_a_second_click_turns_the_order_round():
    from fazhi.core.list_table import Sorting

    column = ListColumn("调解员", lambda r: r.mediator, order="mediator")
    plain = ListColumn("司法确认", lambda r: "")
    markup = table([column, plain], [], sorting=Sorting("q=%E5%BC%A0&year=2024", "-received"))
    assert '<a class="sort" href="?q=%E5%BC%A0&amp;year=2024&amp;sort=mediator"' in markup
    assert "<th>司法确认</th>" in markup  # a column without an order is not a link
    markup = table([column], [], sorting=Sorting("", "mediator"))
    assert '<th aria-sort="ascending"><a class="sort" href="?sort=-mediator"' in markup
    assert "▲" in markup
    markup = table([column], [], sorting=Sorting("", "-mediator"))
    assert '<th aria-sort="descending"><a class="sort" href="?sort=mediator"' in markup


def _mediation_case(tree, number, mediator, day, unit="committee"):
    return MediationCase.objects.create(
        unit=tree[unit],
        number=number,
        committee=tree["committee"],
        committee_code=tree["committee"].code,
        received_date=day,
        dispute_type="neighbour",
        mediator=mediator,
    )


@pytest.mark.django_db
def test_the_list_is_in_the_order_its_heading_asks(client, tree, make_user):
    from fazhi.core.roles import Role

    _mediation_case(tree, "调3", "王五", datetime.date(2024, 3, 1))
    _mediation_case(tree, "调1", "张三", datetime.date(2024, 3, 3))
    _mediation_case(tree, "调2", "李四", datetime.date(2024, 3, 2))
    client.force_login(make_user("med", tree["county"], Role.MEDIATION))

    def numbers(query):
        markup = client.get(reverse("mediation:list") + query).content.decode()
        cells = Cells(markup[markup.index('<table class="grid">') :])
        return [row[0] for row in cells.rows[1:]], markup

    assert numbers("")[0] == ["调1", "调2", "调3"]  # newest first, as before
    shown, markup = numbers("?sort=number")
    assert shown == ["调1", "调2", "调3"]
    assert 'aria-sort="ascending"><a class="sort" href="?sort=-number"' in markup
    assert numbers("?sort=-number")[0] == ["调3", "调2", "调1"]
    assert numbers("?sort=received_date")[0] == ["调3", "调2", "调1"]
    # 查询 keeps the heading's order: the drop-down offers it, chosen.
    assert (
        '<option value="-number" selected>调解编号（降序）</option>' in numbers("?sort=-number")[1]
    )
    shown, markup = numbers("?dispute_type=neighbour&sort=-received_date")
    assert shown == ["调1", "调2", "调3"]
    assert 'href="?dispute_type=neighbour&amp;sort=mediator"' in markup
    shown, markup = numbers("?sort=bogus")
    assert "选择一个有效的选项" in markup or "请选择" in markup


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in REGISTERS.items() if r.list_url))
def test_every_heading_of_every_list_sorts_it(
    client,
    units,  # noqa: F811
    sample_records,  # noqa: F811
    make_user,
    name,
):
    """Each column a list shows sorts by its heading (issue 19, defect 8), both ways, except
    personal data, whose stored form is encrypted."""
    register = REGISTERS[name]
    client.force_login(make_user("reader", units["county"], register.register_role))
    page = client.get(reverse(register.list_url)).content.decode()
    cells = Cells(page[page.index('<table class="grid">') :])
    links = re.findall(r'<a class="sort" href="\?sort=([\w-]+)"[^>]*>([^<]+)</a>', page)
    sensitive = {str(register.model._meta.get_field(f).verbose_name) for f in register.sensitive}
    assert {label for _, label in links} == set(cells.headers) - sensitive
    for order, label in links:
        for key, way in ((order, "ascending"), (f"-{order}", "descending")):
            response = client.get(reverse(register.list_url), {"sort": key})
            assert response.status_code == 200, (key, response.status_code)
            sorted_page = response.content.decode()
            assert re.search(
                rf'<th[^>]* aria-sort="{way}"><a class="sort"[^>]*>{label}<', sorted_page
            )
            assert sample_records[name].number in sorted_page
