"""法律顾问's pages: a register without a procedure, so one generic RegisterPages (list with
search, 类别 and 年度, sorted by any heading; a row's page; entering and changing one), owned
by the bureau and its sections (依法治县办 sits in the bureau). A row's page also lists the
adviser's rows of other years in the same served unit."""

from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import BUREAUS_AND_SECTIONS, RegisterSetting
from fazhi.core.register_views import RegisterPages

from . import actions, rules
from .columns import REGISTER
from .forms import AdviserFilter, AdviserForm
from .models import LegalAdviser

YEARS_SHOWN = 20


def detail_context(request, record) -> dict:
    """The adviser's other years in the same served unit (as the reader may see them), and
    whether his appointment ends soon or has ended: one query each."""
    today = timezone.localdate()
    years = list(
        LegalAdviser.objects.visible_to(request.user)
        .filter(
            unit_id=record.unit_id,
            name=record.name,
            category=record.category,
            served_unit_id=record.served_unit_id,
        )
        .exclude(pk=record.pk)
        .order_by("-year", "-id")
        .only("pk", "year", "number", "matters_total", "end_date")[:YEARS_SHOWN]
    )
    for row in years:
        row.url = reverse(f"{REGISTER.name}:detail", args=[row.pk])
    is_latest = all(row.year <= record.year for row in years)
    window = rules.warning_days(RegisterSetting.objects.current())
    return {
        "other_years": years,
        "term_state": rules.term_state(record, today, window, latest=is_latest),
        "window": window,
    }


PAGES = RegisterPages(
    register=REGISTER,
    create_record=actions.register_adviser,
    update_record=actions.update_adviser,
    create_form=AdviserForm,
    create_title="登记法律顾问",
    list_filter=AdviserFilter,
    owner_kinds=BUREAUS_AND_SECTIONS,
    list_fields=(
        "year",
        "name",
        "category",
        "employer",
        "served_unit_code",
        "end_date",
        "matters_total",
    ),
    detail_context=detail_context,
)
