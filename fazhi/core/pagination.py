"""Long lists: a bounded count, and keyset paging for the next, previous and last pages.

A province's mediation register holds millions of rows. Two things make a list page slow there:
an exact COUNT(*) over everything, and OFFSET, which reads and throws away every row before the
page. The count stops at COUNT_LIMIT ("10000 余条"). Paging by 下一页/上一页/末页 carries the
list's sort key of the page's last (or first) row in the link — `after=`/`before=`/`last=1` —
so the database starts at that key through the list's index instead of counting off rows.
Only a page number typed in by hand (`page=N`, at most COUNT_LIMIT rows deep) still uses OFFSET.

Django's Paginator knows only OFFSET, hence this module.
"""

from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q

PAGE_SIZE = 50
COUNT_LIMIT = 10_000
CURSOR_SEPARATOR = "~"


class BoundedPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows: an exact COUNT(*) over a province's ten million
    mediation cases costs seconds on every page view, and nobody pages that far by hand —
    beyond the limit the page says "10000 余条" and search and filters narrow the list."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: COUNT_LIMIT + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_LIMIT

    @property
    def limit(self) -> int:
        return COUNT_LIMIT


def sort_key(queryset) -> list[tuple[str, bool]] | None:
    """The list's ordering as (field, descending) pairs, when a keyset can follow it: plain,
    non-null columns of the model itself, ending in the primary key so that the key is unique.
    Anything else (an expression, a nullable column, a join) pages by OFFSET."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    key = []
    for term in ordering:
        if not isinstance(term, str):
            return None
        name = term.lstrip("-")
        try:
            field = queryset.model._meta.get_field("id" if name == "pk" else name)
        except FieldDoesNotExist:
            return None
        if field.null or field.is_relation:
            return None
        key.append((field.attname, term.startswith("-")))
    if not key or key[-1][0] != queryset.model._meta.pk.attname:
        return None
    return key


def encode_cursor(record, key) -> str:
    fields = record._meta
    return CURSOR_SEPARATOR.join(
        fields.get_field(name).value_to_string(record) for name, _descending in key
    )


def decode_cursor(text: str, model, key) -> list | None:
    parts = text.split(CURSOR_SEPARATOR)
    if len(parts) != len(key):
        return None
    try:
        return [
            model._meta.get_field(name).to_python(part)
            for (name, _), part in zip(key, parts, strict=True)
        ]
    except (ValidationError, ValueError):
        return None


def beyond(key, values, *, forward: bool) -> Q:
    """Rows that come after (forward) or before the row whose sort key is `values`:
    (a, b, id) > (x, y, z) spelled out column by column, each in its own direction."""
    condition = Q()
    for depth in range(len(key) - 1, -1, -1):
        name, descending = key[depth]
        later = "lt" if descending == forward else "gt"
        step = Q(**{f"{name}__{later}": values[depth]})
        ties = Q(
            **{prior: value for (prior, _), value in zip(key[:depth], values[:depth], strict=True)}
        )
        condition = (ties & step) | condition if condition else ties & step
    return condition


def reversed_ordering(key) -> list[str]:
    return [name if descending else f"-{name}" for name, descending in key]


class KeysetPage(Page):
    """A page found by its neighbour's key: its number is carried in the link for display."""

    def __init__(self, object_list, number, paginator, *, more_after: bool, more_before: bool):
        super().__init__(object_list, number, paginator)
        self.more_after = more_after
        self.more_before = more_before

    def has_next(self):
        return self.more_after

    def has_previous(self):
        return self.more_before

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return max(self.number - 1, 1)


def _page_number(request, default: int = 1) -> int:
    try:
        return max(int(request.GET.get("page", default)), 1)
    except ValueError:
        return default


def _keyset_page(request, queryset, key, per_page, paginator):
    model = queryset.model
    if request.GET.get("last"):
        # Where the count is known the last page holds what numbered paging would put there.
        size = per_page
        if not paginator.capped:
            size = paginator.count - (paginator.num_pages - 1) * per_page or per_page
        rows = list(queryset.order_by(*reversed_ordering(key))[: size + 1])
        shown = rows[:size][::-1]
        more_before = len(rows) > size
        page = KeysetPage(
            shown, paginator.num_pages, paginator, more_after=False, more_before=more_before
        )
        page.at_end = True
        return page
    forward = "after" in request.GET
    values = decode_cursor(request.GET.get("after" if forward else "before", ""), model, key)
    if values is None:
        return None
    following = queryset.filter(beyond(key, values, forward=forward))
    if forward:
        rows = list(following[: per_page + 1])
        shown, more_after, more_before = rows[:per_page], len(rows) > per_page, True
    else:
        rows = list(following.order_by(*reversed_ordering(key))[: per_page + 1])
        shown, more_after, more_before = rows[:per_page][::-1], True, len(rows) > per_page
    return KeysetPage(
        shown, _page_number(request), paginator, more_after=more_after, more_before=more_before
    )


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The page the request asks for; its links (`page.links`) lead on by key where they can."""
    paginator = BoundedPaginator(queryset, per_page)
    key = sort_key(queryset)
    page = None
    if key and {"after", "before", "last"} & request.GET.keys():
        page = _keyset_page(request, queryset, key, per_page, paginator)
    if page is None:
        page = paginator.get_page(request.GET.get("page"))
    page.links = _links(page, key)
    return page


def _links(page, key) -> dict:
    """Query strings (without the list's own filters) of 首页/上一页/下一页/末页."""
    rows = list(page.object_list)
    if not rows:
        key = None
    links = {"first": "page=1"}
    if page.has_previous():
        number = page.previous_page_number()
        by_key = {"before": encode_cursor(rows[0], key)} if key else {}
        links["previous"] = urlencode({**by_key, "page": number})
    if page.has_next():
        number = page.next_page_number()
        by_key = {"after": encode_cursor(rows[-1], key)} if key else {}
        links["next"] = urlencode({**by_key, "page": number})
        links["last"] = "last=1" if key else urlencode({"page": page.paginator.num_pages})
    return links


def query_without_page(request) -> str:
    params = request.GET.copy()
    for name in ("page", "after", "before", "last"):
        params.pop(name, None)
    return params.urlencode()
