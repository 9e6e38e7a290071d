from django.shortcuts import render
from django.utils import timezone

from fazhi.core.roles import Role

from .board import LINES_SHOWN, awaiting_delivery, board_for, register_alerts
from .business_lines import lines_for


def home(request):
    """The home page: the deadline board for those who work registers, then the lines."""
    user = request.user
    mine = lines_for(user)
    lines = [
        {
            "line": line,
            "pages": pages,
            "mine": line.role in user.role_codes or user.has_role(Role.LEADER),
        }
        for line, pages in mine
    ]
    today = timezone.localdate()
    sections, board_note = board_for(user, today)
    # The menu's lines are these: given here, the context processor does not find them again.
    context = {"lines": lines, "nav_lines": mine, "board": sections, "board_note": board_note}
    # Documents sent to a party and not yet delivered (issue 20), beside the deadlines.
    context["awaiting_documents"] = awaiting_delivery(user) if sections else []
    context["lines_shown"] = LINES_SHOWN
    # Reminders that are no case's deadline: a card about to expire, a plan not filed.
    context["alerts"] = register_alerts(user, today)
    return render(request, "portal/home.html", context)
