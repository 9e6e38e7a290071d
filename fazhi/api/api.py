"""The REST API: every register read and written under the web's own rules, and the figures.

Nothing here decides who sees what. Records come from `visible_to` (through the web list's own
queryset and search, listing.py), personal data is shown through `reveal`, and writes go
through `writes.save_record` (records.py), so the API is the web pages' rules in JSON, and
its audit entries are the web's, marked with the channel "api".

Authentication is a per-user token (tokens.py) in `Authorization: Bearer <token>`, nothing
else: no session, so no CSRF exposure, and the login page's middleware does not apply.
"""

import functools

from django.core.exceptions import ObjectDoesNotExist
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from fazhi.core import audit, permissions
from fazhi.core.access import viewable_registers
from fazhi.core.errors import ActionRefused
from fazhi.core.faults import MESSAGE as DATABASE_DOWN
from fazhi.core.faults import RETRY_AFTER_SECONDS
from fazhi.core.models import Unit
from fazhi.core.registers import REGISTERS, Register
from fazhi.core.roles import CHANGE, VIEW
from fazhi.indicators import periods
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS

from . import listing, records, schemas, tokens
from .messages import validation_errors

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Far beyond any register's size; keeps the row offset within what every database accepts.
MAX_PAGE = 100_000
MAX_QUERY = 100
FIRST_YEAR = 2000


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = tokens.user_for(token)
        if user is None:
            return None
        # The rest of the request acts as this user (code reading request.user included),
        # never as a session's user: the API takes no session.
        request.user = user
        return user


def _through_api(view):
    """Audit entries written while serving an API request say they came through the API."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with audit.origin(audit.client_ip(request), "api"):
            return view(request, *args, **kwargs)

    return wrapped


class ChineseJSON(JSONRenderer):
    # Messages and records are Chinese: send them as UTF-8 text, not \u escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="法治工作管理系统接口",
    version="1",
    description=(
        "每个登记簿的读取与写入，权限、脱敏与审计与网页完全相同；统计指标只读。"
        "认证：在“接口令牌”页面创建令牌，请求头 Authorization: Bearer <令牌>。"
        "期限：有法定期限的登记簿，每条记录带当前期限（due_date）、正在计算的全部期限"
        "（deadlines）和各项已计算的期限（*_deadline）；期限所在年度的国务院节假日安排尚未录入时，"
        "按法定节假日暂定计算，对应的 provisional / *_provisional 为 true（页面上标注“暂定”），"
        "录入该年度后自动确定。"
    ),
    auth=TokenAuth(),
    renderer=ChineseJSON(),
    urls_namespace="api",
)
api.add_decorator(_through_api, mode="view")


# --- errors: every answer a client gets is JSON with a Chinese `detail` ---------------------


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(
        request, 401, "未提供有效的接口令牌：请在请求头 Authorization 中使用 Bearer 令牌。"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc):
    return _error(request, 422, "请求内容有误，未保存任何数据。", validation_errors(exc.errors))


@api.exception_handler(records.Invalid)
def _invalid_record(request, exc):
    return _error(request, 422, "记录未通过校验，未保存任何数据。", exc.errors)


@api.exception_handler(ActionRefused)
def _refused(request, exc):
    return _error(request, 403, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "找不到该记录，或您无权查看。")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, exc.message)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_down(request, exc):
    # As core.faults does for pages: the change ran in one transaction and is not saved.
    response = _error(request, 503, DATABASE_DOWN)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


ERRORS = {status: schemas.ErrorOut for status in (401, 403, 404, 422, 503)}


# --- registers --------------------------------------------------------------------------


@api.get(
    "/registers",
    response={200: list[schemas.RegisterOut], **ERRORS},
    summary="可查看的登记簿",
    tags=["登记簿"],
)
def register_list(request):
    """The registers whose records the user may read: the same rule as the web."""
    names = viewable_registers(request.auth)
    return [
        {
            "name": name,
            "label": register.label,
            "can_write": permissions.allows("api.write_records", request.auth, register),
            "records_url": f"{request.path.rstrip('/')}/{name}/records",
        }
        for name, register in REGISTERS.items()
        if name in names
    ]


def _readable(user, register: Register):
    if register.name not in viewable_registers(user):
        raise HttpError(403, f"您无权查看{register.label}。")


def _text_param(name: str, value):
    problem = records.text_problem(value)
    if problem:
        raise records.Invalid({name: [problem]})


MAX_REASON = 200
REASON = Query(
    "",
    max_length=MAX_REASON,
    title="事由",
    description=(
        "查看完整个人信息的事由（如“核查报到情况”）。有权查看的用户给出事由时，"
        "个人信息完整显示，事由记入审计日志（一页结果记一条，列明显示的记录编号），"
        "搜索（q）也查找姓名、身份证号等"
        "个人信息（每次记入审计日志，不记录搜索内容）；不给出时与网页相同，只显示脱敏值，"
        "搜索只查找编号等其他字段。"
    ),
)


def _give_reason(user, register: Register, reason: str):
    """The API's counterpart of the web's reason page: a session keeps the web's reason, a
    token has no session, so an API client states it with each request that should show
    personal data in full. `reveal` then writes it into each READ_SENSITIVE entry."""
    reason = (reason or "").strip()
    if not reason or not register.sensitive:
        return
    _text_param("reason", reason)
    user.personal_data_reasons = {
        **getattr(user, "personal_data_reasons", {}),
        register.name: reason,
    }


def _record(user, register: Register, pk: int, action):
    try:
        return listing.records_for(user, register, action).get(pk=pk)
    except ObjectDoesNotExist:
        pass
    if action == CHANGE and listing.records_for(user, register).filter(pk=pk).exists():
        raise HttpError(403, f"您可以查看但无权修改这条{register.label}记录。")
    raise Http404


def add_register_routes(register: Register):
    name = register.name
    record_out = schemas.output_schema(register)
    page_out = schemas.page_schema(register, record_out)
    create_in = schemas.create_schema(register)
    update_in = schemas.update_schema(register)
    tags = [register.label]
    base = f"/registers/{name}/records"

    def list_records(
        request,
        page: int = Query(1, ge=1, le=MAX_PAGE, title="页码"),
        page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, title="每页条数"),
        q: str = Query(
            "",
            max_length=MAX_QUERY,
            title="搜索",
            description=(
                "与网页列表的搜索相同：按姓名、身份证号等个人信息查找须同时给出 reason，"
                "并记入审计日志（不记录搜索内容）；否则只查找编号等其他字段"
            ),
        ),
        reason: str = REASON,
    ):
        user = request.auth
        _readable(user, register)
        _text_param("q", q)
        _give_reason(user, register, reason)
        found = listing.records_for(user, register)
        found = listing.ordered(register, listing.search(user, register, found, q))
        start = (page - 1) * page_size
        shown = records.show(
            user, register, found[start : start + page_size], purpose="接口列表查看"
        )
        return {
            "count": found.count(),
            "page": page,
            "page_size": page_size,
            "results": shown,
            "search_notice": listing.search_notice(user, register, q),
        }

    def get_record(request, record_id: int, reason: str = REASON):
        user = request.auth
        _readable(user, register)
        _give_reason(user, register, reason)
        record = _record(user, register, record_id, VIEW)
        return records.show(user, register, [record], purpose="接口查看")[0]

    def create_record(request, payload: create_in, reason: str = REASON):
        user = request.auth
        permissions.require("api.write_records", user, register)
        _give_reason(user, register, reason)
        record = records.create(user, register, payload.model_dump())
        return 201, records.show(user, register, [record], purpose="接口登记后查看")[0]

    def update_record(request, record_id: int, payload: update_in, reason: str = REASON):
        user = request.auth
        permissions.require("api.write_records", user, register)
        _give_reason(user, register, reason)
        record = _record(user, register, record_id, CHANGE)
        record = records.update(user, register, record, payload.model_dump(exclude_unset=True))
        return records.show(user, register, [record], purpose="接口修改后查看")[0]

    for view in (list_records, get_record, create_record, update_record):
        view.__name__ = f"{name}_{view.__name__}"

    api.get(
        base,
        response={200: page_out, **ERRORS},
        summary=f"{register.label}：记录列表",
        operation_id=f"{name}_list",
        tags=tags,
    )(list_records)
    api.post(
        base,
        response={201: record_out, **ERRORS},
        summary=f"{register.label}：登记",
        operation_id=f"{name}_create",
        tags=tags,
    )(create_record)
    api.get(
        f"{base}/{{record_id}}",
        response={200: record_out, **ERRORS},
        summary=f"{register.label}：一条记录",
        operation_id=f"{name}_get",
        tags=tags,
    )(get_record)
    api.patch(
        f"{base}/{{record_id}}",
        response={200: record_out, **ERRORS},
        summary=f"{register.label}：修改",
        operation_id=f"{name}_update",
        tags=tags,
    )(update_record)


# --- figures ------------------------------------------------------------------------------


def _number(value) -> str | None:
    return None if value is None else str(value)


@api.get(
    "/indicators",
    response={200: schemas.IndicatorsOut, **ERRORS},
    summary="统计指标",
    tags=["统计指标"],
)
def indicators(
    request,
    year: int | None = Query(None, title="年度", description="默认本年"),
    unit: str | None = Query(None, max_length=64, title="单位代码", description="默认本单位"),
    period: str | None = Query(
        None,
        max_length=8,
        title="统计期间",
        description="year 全年（默认），h1/h2 上下半年，q1–q4 季度，m1–m12 月份，"
        "c1–c12 1月至N月累计",
    ),
):
    """The figures the figures page shows this user: only registers he may read, only units of
    his own subtree, counting only records he may see."""
    user = request.auth
    _text_param("unit", unit)
    this_year = timezone.localdate().year
    year = this_year if year is None else year
    if not FIRST_YEAR <= year <= this_year + 1:
        raise records.Invalid({"year": [f"年度应在 {FIRST_YEAR}—{this_year + 1} 之间。"]})
    period = (period or periods.WHOLE_YEAR).strip()
    try:
        span = periods.period_range(year, period)
    except periods.PeriodInvalid as invalid:
        raise records.Invalid({"period": [f"{invalid}。"]}) from None
    if user.unit_id is None:
        raise HttpError(403, "您的账号未分配单位，没有可查看的统计指标。")
    chosen = user.unit
    if unit:
        chosen = Unit.objects.visible_to(user).filter(code=unit.strip()).first()
        if chosen is None:
            raise HttpError(404, f"找不到单位代码「{unit}」，或该单位不在您的范围内。")
    names = viewable_registers(user)
    keys = [key for key, indicator in INDICATORS.items() if indicator.register in names]
    found = compute(keys, span, chosen, user=user) if keys else {}
    figures = [
        {
            "key": key,
            "label": figure.indicator.label,
            "register_name": figure.indicator.register,
            "measure": figure.indicator.unit,
            "value": _number(figure.value),
            "shown": figure.shown,
            "numerator": _number(figure.numerator),
            "denominator": _number(figure.denominator),
            "setting_note": figure.setting_note,
        }
        for key, figure in found.items()
    ]
    return {
        "year": year,
        "period": period,
        "period_label": periods.period_label(year, period),
        "start": span.start,
        "end": span.end,
        "unit": chosen.code,
        "unit_name": chosen.name,
        "figures": figures,
    }


for _register in REGISTERS.values():
    add_register_routes(_register)
