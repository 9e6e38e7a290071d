from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import audit
from .forms import AuditSearchForm
from .models import AuditAction, AuditEntry, Unit, UnitKind, User
from .pagination import paginate, query_without_page
from .roles import Role


def unit_list(request):
    units = Unit.objects.visible_to(request.user).select_related("parent")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        units = units.filter(Q(code__icontains=q) | Q(name__icontains=q))
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    page = paginate(request, units.annotate(child_count=Count("children")).order_by("path"))
    for unit in page:
        unit.relative_depth = unit.depth - request.user.unit.depth
    return render(
        request,
        "core/unit_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": UnitKind.choices,
            "query": query_without_page(request),
        },
    )


def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    children = unit.children.annotate(child_count=Count("children")).order_by("path")
    context = {
        "unit": unit,
        "ancestors": [a for a in unit.ancestors() if a.is_within(request.user.unit)],
        "children": children,
        "subtree_size": Unit.objects.subtree(unit).count(),
        "user_count": User.objects.visible_to(request.user).filter(unit=unit).count(),
    }
    return render(request, "core/unit_detail.html", context)


@require_GET
def audit_log(request):
    if not request.user.has_role(Role.AUDIT_ADMIN):
        raise PermissionDenied("只有审计管理员可以查阅审计日志。")
    entries = AuditEntry.objects.visible_to(request.user).select_related("unit")
    form = AuditSearchForm(request.GET or None)
    if form.is_valid():
        entries = form.filter(entries)
    registers = (
        AuditEntry.objects.visible_to(request.user)
        .order_by("register")
        .values_list("register", flat=True)
        .distinct()
    )
    page = paginate(request, entries)
    if request.GET:
        audit.record(
            request.user,
            AuditAction.SEARCH_AUDIT,
            register="audit",
            note=query_without_page(request)[:500],
        )
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "registers": [(r, AuditEntry(register=r).register_label) for r in registers if r],
            "query": query_without_page(request),
        },
    )
