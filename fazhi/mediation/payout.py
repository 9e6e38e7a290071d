"""The 以奖代补 payout of a year: approved cases of that year's review round, summed in SQL per
committee and per mediator, and its payment list as .xlsx."""

from decimal import Decimal

from django.db.models import Count, Sum
from openpyxl.styles import Font

from fazhi.core.spreadsheet import Book

from .models import SubsidyStatus


def approved(cases, year: int):
    return cases.filter(subsidy_status=SubsidyStatus.APPROVED, subsidy_year=year)


def by_committee(cases, year: int) -> list[dict]:
    """[{committee code, name, cases, amount}], one GROUP BY query."""
    return list(
        approved(cases, year)
        .order_by()
        .values("committee__code", "committee__name")
        .annotate(cases=Count("id"), amount=Sum("subsidy_amount"))
        .order_by("committee__code")
    )


def by_mediator(cases, year: int) -> list[dict]:
    """[{committee, mediator, cases, amount}] ("一案一补", paid to whoever mediated it)."""
    return list(
        approved(cases, year)
        .order_by()
        .values("committee__code", "committee__name", "mediator")
        .annotate(cases=Count("id"), amount=Sum("subsidy_amount"))
        .order_by("committee__code", "mediator")
    )


def total(cases, year: int) -> tuple[int, Decimal]:
    found = approved(cases, year).aggregate(cases=Count("id"), amount=Sum("subsidy_amount"))
    return found["cases"], found["amount"] or Decimal("0")


def payment_list_xlsx(cases, year: int, issuer: str) -> bytes:
    """The payment list: one row per mediator (committee, mediator, cases, amount) and totals,
    then a sheet per committee."""
    # A mediator's name is typed by a committee's 填报员 (web, import or API), a committee's by
    # whoever keeps the unit tree: only the one writer (core/spreadsheet.py) keeps a name like
    # =HYPERLINK(...) from becoming a live formula in the list the county pays from.
    book = Book()
    sheet = book.sheet("发放名单")
    sheet.add_row([f"{issuer}{year}年度人民调解以奖代补发放名单"], font=Font(bold=True))
    sheet.add_row(["调解组织代码", "调解组织", "调解员", "案件数", "金额（元）"])
    for row in by_mediator(cases, year):
        sheet.add_row(
            [
                row["committee__code"],
                row["committee__name"],
                row["mediator"] or "（未填调解员）",
                row["cases"],
                float(row["amount"] or 0),
            ]
        )
    count, amount = total(cases, year)
    sheet.add_row(["合计", "", "", count, float(amount)])
    sheet.raw.cell(sheet.last_row, 1).font = Font(bold=True)
    committees = book.sheet("按调解组织")
    committees.add_row(["调解组织代码", "调解组织", "案件数", "金额（元）"])
    for row in by_committee(cases, year):
        committees.add_row(
            [row["committee__code"], row["committee__name"], row["cases"], float(row["amount"])]
        )
    committees.add_row(["合计", "", count, float(amount)])
    return book.save()
