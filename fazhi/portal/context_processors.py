from .business_lines import BUSINESS_LINES


def site(request):
    return {"system_name": "法治工作管理系统", "business_lines": BUSINESS_LINES}
