from django.shortcuts import render
from django.utils import timezone

from fazhi.core.roles import Role

from .board import board_for
from .business_lines import lines_for


def home(request):
    """The home page: the deadline board for those who work registers, then the lines."""
    user = request.user
    lines = [
        {
            "line": line,
            "pages": pages,
            "mine": line.role in user.role_codes or user.has_role(Role.LEADER),
        }
        for line, pages in lines_for(user)
    ]
    sections, board_note = board_for(user, timezone.localdate())
    return render(
        request,
        "portal/home.html",
        {"lines": lines, "board": sections, "board_note": board_note},
    )
