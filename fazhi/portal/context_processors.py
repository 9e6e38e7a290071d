from django.utils.functional import SimpleLazyObject

from fazhi.api.permissions import uses_api
from fazhi.core.permissions import allows

from .business_lines import lines_for


def site(request):
    """The site's name, and the business lines the user works or reads (the sidebar's), found
    only when a page shows them."""
    user = getattr(request, "user", None)
    return {
        "system_name": "法治工作管理系统",
        "nav_lines": SimpleLazyObject(lambda: lines_for(user) if user is not None else []),
        "uses_api": SimpleLazyObject(lambda: user is not None and uses_api(user)),
        # 文书设置: an organ's document numbers and templates (core/document_settings_views.py).
        "sets_documents": SimpleLazyObject(
            lambda: user is not None and allows("documents.set_pattern", user)
        ),
    }
