"""法律顾问 (legal_adviser): the 法律顾问工作台账 of the bureau — one row per adviser, per unit
he serves, per year: who he is, which unit he serves and from when to when he is appointed
(聘任), and that year's work.

Two kinds of adviser, after 中办发〔2016〕30号《关于推行法律顾问制度和公职律师公司律师制度的意见》:
政府法律顾问 (the county government's 法律顾问团 and each department's or township's advisers,
often outside lawyers or scholars) and 公职律师 (lawyers employed in a government unit, managed
under 司法部《公职律师管理办法》). Their names, employers and 执业证号 are published in the
county's own lists; no other personal data (no ID number, no address) is kept.

The work counts are the year's, as the served unit's 台账 states them: a blank cell is 0 (see
rules.derive for why), so every figure is a plain sum.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.core.models import Unit
from fazhi.core.records import RegisterRecord
from fazhi.core.roles import Role

from . import rules

ONE_A_YEAR = "counsel_one_record_per_adviser_unit_and_year"


class Category(models.TextChoices):
    """类别; the labels are what the figures' definitions and the files say."""

    GOVERNMENT_COUNSEL = "government_counsel", "政府法律顾问"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"


BLANK_IS_ZERO = "不填视为0。"


def _count(label: str, rule: str):
    # blank=True: a form's empty box, an import's empty cell and the API's missing value all
    # reach rules.derive, which stores 0 — one rule for every way of writing.
    return models.PositiveIntegerField(
        label, default=0, blank=True, help_text=f"{rule}{BLANK_IS_ZERO}"
    )


class LegalAdviser(RegisterRecord):
    """One adviser's service to one unit in one year: a row of the 法律顾问工作台账."""

    register_role = Role.RULE_OF_LAW

    number = models.CharField(
        "登记编号", max_length=64, help_text="本单位自编，如“古法顾〔2025〕1号”"
    )
    year = models.PositiveSmallIntegerField(
        "年度",
        validators=[MinValueValidator(rules.FIRST_YEAR), MaxValueValidator(rules.LAST_YEAR)],
        help_text="本条记录的工作所属的自然年度；每人每个服务单位每年登记一条",
    )
    name = models.CharField("姓名", max_length=50)
    category = models.CharField("类别", max_length=32, choices=Category.choices)
    on_county_panel = models.BooleanField(
        "是否县政府法律顾问团成员",
        default=False,
        help_text="县人民政府聘请的法律顾问团成员选“是”，服务单位填写县司法局的单位代码",
    )
    employer = models.CharField(
        "工作单位或执业机构",
        max_length=200,
        help_text="律师填写所在律师事务所，公职律师和专家学者填写工作单位",
    )
    licence_number = models.CharField(
        "执业证号",
        max_length=32,
        blank=True,
        help_text="律师执业证号或公职律师证号；专家学者等没有执业证的留空",
    )
    # The code as written in the file or form; `served_unit` is resolved from it (links.py).
    served_unit_code = models.CharField(
        "服务单位",
        max_length=32,
        help_text="所服务单位的单位代码；县政府法律顾问团填写县司法局的单位代码",
    )
    served_unit = models.ForeignKey(
        Unit,
        verbose_name="服务单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField("聘任开始日期")
    end_date = models.DateField(
        "聘任结束日期",
        null=True,
        blank=True,
        help_text="聘任合同约定的期满日期；公职律师等未约定期限的留空",
    )
    contracts_reviewed = _count("审查合同（件）", "本年度审查、起草、修改的合同。")
    opinions_issued = _count("出具法律意见（件）", "本年度出具的书面法律意见。")
    cases_handled = _count("参与诉讼和仲裁案件（件）", "本年度代理或参与的诉讼、仲裁案件。")
    meetings_attended = _count("列席会议（次）", "本年度列席服务单位会议的次数。")
    other_matters = _count("其他事务（件）", "信访接待、法治讲座等其他法律事务。")
    # Derived by rules.derive() on every write: the five counts added up, so that the figure
    # 办理事务件次 is one stored sum (and rolls up by unit like any other).
    matters_total = models.PositiveIntegerField("办理事务合计（件次）", default=0, editable=False)

    class Meta(RegisterRecord.Meta):
        verbose_name = "法律顾问"
        verbose_name_plural = "法律顾问"
        ordering = ["-start_date", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            # One row an adviser, category, served unit and year (links.py says why the
            # category): the write path names the row there
            # (links.py); this holds against two writers at once.
            models.UniqueConstraint(
                fields=["unit", "year", "name", "category", "served_unit"],
                name=ONE_A_YEAR,
                violation_error_message="该人员本年度在该服务单位已有登记，请打开已有的记录修改。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-start_date", "-id"], name="counsel_unit_start"),
            # The figures count a year's rows; the board looks for an adviser's later rows.
            models.Index(fields=["unit", "year", "category"], name="counsel_unit_year"),
            models.Index(fields=["end_date"], name="counsel_end_date"),
        ]

    def __str__(self):
        return self.number

    def get_constraints(self):
        """The constraints validation asks, but one row a year: the links' look-up
        (links.refuse_second_row) refuses a second row naming the first, beside the form's
        other faults, where the constraint's validation would name none."""
        return [
            (model, [c for c in constraints if c.name != ONE_A_YEAR])
            for model, constraints in super().get_constraints()
        ]
