"""The notices page of a register with a duplicate check (core/duplicates.py): for the officers
of the units holding people whom someone elsewhere tried to register, and the units above."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import Scope, scope_for
from .duplicates import GUARDS
from .models import DuplicateNotice
from .pagination import paginate
from .registers import get_register
from .roles import VIEW


def notices_page(register_name: str):
    """The view of one register's notices, for its urls.py."""

    @require_GET
    def notices(request):
        register = get_register(register_name)
        if scope_for(request.user, register.model, VIEW) is Scope.NONE:
            raise PermissionDenied("您没有查看重复登记提醒的权限。")
        rows = DuplicateNotice.objects.visible_to(request.user, register_name)
        page = paginate(request, rows.select_related("unit").order_by("-at", "-id"))
        context = {
            "page": page,
            "query": "",
            "register": register,
            "guard": GUARDS[register_name],
        }
        return render(request, "core/duplicate_notices.html", context)

    return notices
