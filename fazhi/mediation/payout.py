"""The 以奖代补 payout of a year: approved cases of that year's review round, summed in SQL per
committee and per mediator, and its payment list as .xlsx."""

import io
from decimal import Decimal

from django.db.models import Count, Sum
from openpyxl import Workbook
from openpyxl.styles import Font

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
    book = Workbook()
    sheet = book.active
    sheet.title = "发放名单"
    sheet.append([f"{issuer}{year}年度人民调解以奖代补发放名单"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["调解组织代码", "调解组织", "调解员", "案件数", "金额（元）"])
    for row in by_mediator(cases, year):
        sheet.append(
            [
                row["committee__code"],
                row["committee__name"],
                row["mediator"] or "（未填调解员）",
                row["cases"],
                float(row["amount"] or 0),
            ]
        )
    count, amount = total(cases, year)
    sheet.append(["合计", "", "", count, float(amount)])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    committees = book.create_sheet("按调解组织")
    committees.append(["调解组织代码", "调解组织", "案件数", "金额（元）"])
    for row in by_committee(cases, year):
        committees.append(
            [row["committee__code"], row["committee__name"], row["cases"], float(row["amount"])]
        )
    committees.append(["合计", "", count, float(amount)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
