"""Long lists: a bounded count, and keyset paging for the next, previous and last pages.

A province's mediation register holds millions of rows. Two things make a list page slow there:
an exact COUNT(*) over everything, and OFFSET, which reads and throws away every row before the
page. The count stops at COUNT_LIMIT ("10000 余条"). A register's list stops sooner, at
ESTIMATE_FROM rows, and beyond it shows PostgreSQL's planner estimate as one ("约 999 万条"):
counting ten thousand rows cost more than the rest of the page's SQL together. Paging by
下一页/上一页/末页 carries the list's sort key of the page's last (or first) row in the link —
`after=`/`before=`/`last=1` — so the database starts at that key through the list's index
instead of counting off rows.
Only a page number typed in by hand (`page=N`, at most the count's limit deep) still uses OFFSET.

Django's Paginator knows only OFFSET, hence this module.
"""

import hashlib
import json
from functools import cached_property
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Q

PAGE_SIZE = 50
COUNT_LIMIT = 10_000
ESTIMATE_FROM = 1_000
# How long a list found longer than its count's limit is taken to stay so: its count and the
# planner's estimate are kept (per server process) and not asked again on the next views,
# page after page. What they show is an estimate already ("约 999 万条"); a list that shrinks
# below the limit meanwhile is counted exactly again once this has passed.
LONG_LIST_SECONDS = 60


class BoundedPaginator(Paginator):
    """Counts at most `limit` + 1 rows: an exact COUNT(*) over a province's ten million
    mediation cases costs seconds on every page view, and nobody pages that far by hand —
    beyond the limit the page says "10000 余条" (or, with `estimate`, the planner's "约 …条")
    and search and filters narrow the list. Up to the limit the count is exact."""

    def __init__(self, *args, limit: int = COUNT_LIMIT, estimate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.estimate = estimate

    @cached_property
    def count(self) -> int:
        key = self._long_list_key if self.estimate else None
        if key is not None and cache.get(key) is not None:
            return self.limit + 1
        return self.object_list.order_by()[: self.limit + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    @cached_property
    def estimated(self) -> int | None:
        """How many rows in all, by the planner's estimate, once the count stopped at its
        limit: never fewer than were counted. None where it is not asked for or not known."""
        if not (self.estimate and self.capped):
            return None
        key = self._long_list_key
        known = cache.get(key) if key is not None else None
        if known is not None:
            return known
        planned = planner_rows(self.object_list)
        estimated = None if planned is None else max(planned, self.limit + 1)
        if estimated is not None and key is not None:
            cache.set(key, estimated, LONG_LIST_SECONDS)
        return estimated

    @cached_property
    def _long_list_key(self) -> str | None:
        """The list's statement, with its parameters and the count's limit: the same rows
        asked the same way, whoever asks (his scope is in the statement). None for a list
        that can hold nothing (no statement to ask)."""
        try:
            sql, params = self.object_list.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return None
        text = f"{self.object_list.db}\x00{self.limit}\x00{sql}\x00{params!r}"
        return "long-list:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    @property
    def estimated_text(self) -> str:
        return approximately(self.estimated) if self.estimated is not None else ""


def planner_rows(queryset) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` gives (EXPLAIN: planned, not run); None
    on another database."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # json not decoded by the driver
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def approximately(rows: int) -> str:
    """An estimate as a person would say it: 999 万, 4.5 万, 3400 — no digits it cannot know."""
    if rows >= 100_000:
        return f"{round(rows / 10_000)} 万"
    if rows >= 10_000:
        return f"{rows / 10_000:.1f} 万".replace(".0 ", " ")
    return str(round(rows, -2) if rows >= 1_000 else rows)


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
    """The row's sort key as a JSON list of texts: a text column (调解员, once a heading sorts
    by it) may hold any character, so the values are not joined by one."""
    fields = record._meta
    values = [fields.get_field(name).value_to_string(record) for name, _descending in key]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def decode_cursor(text: str, model, key) -> list | None:
    try:
        parts = json.loads(text)
    except ValueError:
        return None
    if not isinstance(parts, list) or len(parts) != len(key):
        return None
    if not all(isinstance(part, str) for part in parts):
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


def paginate(request, queryset, per_page=PAGE_SIZE, *, estimate: bool = False):
    """The page the request asks for; its links (`page.links`) lead on by key where they can.
    `estimate`: count exactly only up to ESTIMATE_FROM rows, and beyond it show the planner's
    estimate (a register's list, where ten thousand rows would be counted on every view)."""
    limit = ESTIMATE_FROM if estimate else COUNT_LIMIT
    paginator = BoundedPaginator(queryset, per_page, limit=limit, estimate=estimate)
    key = sort_key(queryset)
    page = None
    if key and {"after", "before", "last"} & request.GET.keys():
        page = _keyset_page(request, queryset, key, per_page, paginator)
    if page is None:
        page = paginator.get_page(request.GET.get("page"))
    page.links = _links(page, key)
    # Sorted by a column no key can follow (a heading's 所属单位, 当前期限 …), a list longer
    # than its count's limit pages by number only that far: the page says so.
    page.numbered_only = key is None
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


def query_without_page(request, *also: str) -> str:
    """The request's query without its page (and the `also` named: a list's headings leave
    out its sort, which each sets anew)."""
    params = request.GET.copy()
    for name in ("page", "after", "before", "last", *also):
        params.pop(name, None)
    return params.urlencode()
