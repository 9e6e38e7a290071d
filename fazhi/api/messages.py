"""Request validation errors (pydantic's, in English) as Chinese messages per field."""

GENERAL = "__all__"

MESSAGES = {
    "missing": "必填项不能为空",
    "extra_forbidden": "不是本接口可用的字段",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文本",
    "string_too_long": "内容过长",
    "string_unicode": "应为文本",
    "decimal_type": "不是有效的金额",
    "decimal_parsing": "不是有效的金额",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "请求体应为 JSON 对象",
    "model_type": "请求体应为 JSON 对象",
    "json_invalid": "请求体不是有效的 JSON",
    "json_type": "请求体不是有效的 JSON",
}


def _message(error: dict) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "literal_error":
        return f"不是可选的值，可选：{context.get('expected', '')}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {context.get('ge', context.get('gt', ''))}"
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {context.get('le', context.get('lt', ''))}"
    if kind == "string_too_long":
        return f"内容过长：最多 {context.get('max_length', '')} 个字"
    return MESSAGES.get(kind, "格式不正确")


def _field(location) -> str:
    # ("body", "payload", "received_date") → received_date; ("query", "page") → page. A union
    # type adds its member's name after the field (("body", "payload", "amount", "str")).
    names = [str(part) for part in location if not isinstance(part, int)]
    names = [n for n in names if n not in ("body", "query", "path", "payload")]
    return names[0] if names else GENERAL


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        messages = found.setdefault(_field(error.get("loc", ())), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return found
