"""OpenAPI schemas of each register, derived from its Excel columns.

Every register gets its own input and output objects, so the OpenAPI document tells a client
exactly what a record of that register holds: dates as date strings, choices as enums of the
stored codes (their Chinese labels in the description), 是/否 as booleans, amounts as decimal
strings. The columns are the single declaration of a register, so the schema cannot drift from
the import template and the export.
"""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field, create_model

from fazhi.core.columns import UNIT_CODE_HEADER, Column
from fazhi.core.registers import Register

from .records import KEY_FIELDS, PROVISIONAL_SUFFIX, computed_deadline_fields, is_watched

DATE = {"format": "date", "examples": ["2024-03-05"]}
PROVISIONAL = (
    "暂定：该日期所在年度的国务院节假日安排尚未录入，按法定节假日（国务院令第795号）计算，"
    "录入该年度后可能变动"
)


class StrictSchema(Schema):
    # An unknown field is an error, not silently ignored: a client misspelling a field must
    # learn that nothing was written to it.
    model_config = ConfigDict(extra="forbid")


def _description(column: Column) -> str:
    parts = [column.header]
    if column.choices:
        parts.append("可选：" + "、".join(f"{value}={label}" for value, label in column.choices))
    if column.kind == "unit":
        parts.append(UNIT_CODE_HEADER)
    if column.help:
        parts.append(column.help)
    return "；".join(parts)


def _input_type(column: Column):
    if column.kind == "bool":
        return bool
    if column.kind == "int":
        return int
    if column.kind == "decimal":
        return Decimal | str
    if column.kind == "choice":
        codes = tuple(value for value, _ in column.choices)
        return Literal[codes] if column.required else Literal[(*codes, "")]
    return str


def _input_field(column: Column, *, required: bool):
    extra = DATE if column.kind == "date" else None
    kwargs = {"title": column.header, "description": _description(column)}
    if column.max_length and column.kind == "text":
        kwargs["max_length"] = column.max_length
    if required:
        return (_input_type(column), Field(..., json_schema_extra=extra, **kwargs))
    return (_input_type(column) | None, Field(None, json_schema_extra=extra, **kwargs))


def _output_type(column: Column, masked: bool):
    if masked:
        return str | None
    return {"bool": bool | None, "int": int | None}.get(column.kind, str | None)


def _class_name(register: Register, suffix: str) -> str:
    return "".join(part.title() for part in register.name.split("_")) + suffix


def create_schema(register: Register) -> type[Schema]:
    fields = {
        c.field: _input_field(c, required=c.required or c.field in KEY_FIELDS)
        for c in register.columns
    }
    model = create_model(_class_name(register, "Create"), __base__=StrictSchema, **fields)
    model.__doc__ = f"登记一条{register.label}记录（与导入一行相同的校验）。"
    return model


def update_schema(register: Register) -> type[Schema]:
    fields = {
        c.field: _input_field(c, required=False)
        for c in register.columns
        if c.field not in KEY_FIELDS
    }
    model = create_model(_class_name(register, "Update"), __base__=StrictSchema, **fields)
    model.__doc__ = f"修改一条{register.label}记录：只写给出的字段；所属单位和编号不能修改。"
    return model


class DeadlineOut(Schema):
    # The docstring is the schema's description in the API documents, read by the bureau's
    # partners: Chinese, as every text they see. One running deadline: a duty not yet done.
    """正在计算的一个法定期限（应当完成的行为尚未完成）。"""

    label: str = Field(..., title="期限名称")
    date: str | None = Field(
        None,
        title="期限日期",
        description="期限自尚未发生的事件起算（见 awaiting）或无法计算时为空",
        json_schema_extra=DATE,
    )
    provisional: bool = Field(False, title="是否暂定", description=PROVISIONAL)
    basis: str = Field("", title="法律依据")
    awaiting: str = Field(
        "", title="等待的事件", description="期限自该事件起算而它尚未发生时填写（如“送达”）"
    )


def _deadline_output_fields(register: Register) -> dict:
    """The record's deadlines, each with whether it is provisional (暂定)."""
    fields = {}
    if is_watched(register):
        fields["due_date"] = (
            str | None,
            Field(
                None,
                title="当前期限",
                description="正在计算的期限中最早的一个的日期；没有时为空",
                json_schema_extra=DATE,
            ),
        )
        fields["due_label"] = (str, Field("", title="当前期限名称"))
        fields["due_date" + PROVISIONAL_SUFFIX] = (
            bool,
            Field(False, title="当前期限是否暂定", description=PROVISIONAL),
        )
        fields["deadlines"] = (
            list[DeadlineOut],
            Field(
                default_factory=list,
                title="正在计算的期限",
                description="每个尚未完成的法定期限（一件案件可能同时有几个）",
            ),
        )
    for name in computed_deadline_fields(register):
        label = str(register.model._meta.get_field(name).verbose_name)
        fields[name] = (
            str | None,
            Field(None, title=label, description=f"{label}（计算得出）", json_schema_extra=DATE),
        )
        fields[name + PROVISIONAL_SUFFIX] = (
            bool,
            Field(False, title=f"{label}是否暂定", description=PROVISIONAL),
        )
    return fields


def output_schema(register: Register) -> type[Schema]:
    fields = {
        "id": (int, Field(..., title="记录 ID")),
        "unit": (str, Field(..., title=UNIT_CODE_HEADER)),
        "unit_name": (str, Field(..., title="所属单位")),
    }
    for column in register.columns:
        if column.field == "unit":
            continue
        masked = column.field in register.sensitive
        description = _description(column)
        if masked:
            description += "；您无权查看全文时为脱敏值"
        extra = DATE if column.kind == "date" and not masked else None
        fields[column.field] = (
            _output_type(column, masked),
            Field(None, title=column.header, description=description, json_schema_extra=extra),
        )
    fields.update(_deadline_output_fields(register))
    model = create_model(_class_name(register, "Record"), __base__=Schema, **fields)
    model.__doc__ = f"{register.label}的一条记录。"
    return model


def page_schema(register: Register, record: type[Schema]) -> type[Schema]:
    return create_model(
        _class_name(register, "Page"),
        __base__=Schema,
        count=(int, Field(..., title="记录总数")),
        page=(int, Field(..., title="页码")),
        page_size=(int, Field(..., title="每页条数")),
        results=(list[record], Field(..., title="本页记录")),
        search_notice=(
            str,
            Field(
                "",
                title="搜索说明",
                description="搜索未查找个人信息字段（未说明事由或只能看到脱敏信息）时的说明",
            ),
        ),
    )


class ErrorOut(Schema):
    detail: str = Field(..., title="错误说明")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        title="各字段的错误",
        description="字段名 → 错误说明；__all__ 为整条记录的问题",
    )


class RegisterOut(Schema):
    name: str = Field(..., title="登记簿名称")
    label: str = Field(..., title="登记簿")
    can_write: bool = Field(..., title="能否通过接口登记和修改")
    records_url: str = Field(..., title="记录列表地址")


class FigureOut(Schema):
    key: str = Field(..., title="指标代码")
    label: str = Field(..., title="指标")
    register_name: str = Field(..., title="登记簿名称")
    measure: str = Field(..., title="单位（件、人次、% …）")
    value: str | None = Field(..., title="数值", description="比率为小数；分母为 0 时为空")
    shown: str = Field(..., title="显示值")
    numerator: str | None = Field(None, title="分子")
    denominator: str | None = Field(None, title="分母")
    setting_note: str = Field("", title="影响该指标的设置")


class IndicatorsOut(Schema):
    year: int = Field(..., title="年度")
    period: str = Field(..., title="统计期间代码")
    period_label: str = Field(..., title="统计期间")
    start: datetime.date = Field(..., title="起始日期")
    end: datetime.date = Field(..., title="截止日期")
    unit: str = Field(..., title="单位代码")
    unit_name: str = Field(..., title="单位")
    figures: list[FigureOut]
