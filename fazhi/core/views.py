from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from . import actions, audit
from .board import board_for
from .business_lines import BUSINESS_LINES
from .errors import ActionRefused
from .forms import AuditSearchForm, UserCreateForm
from .idnumber import mask_id_number
from .models import AuditAction, AuditEntry, Unit, UnitKind, User
from .pagination import paginate, query_without_page
from .roles import Role


def home(request):
    """The home page: the deadline board for those who work registers, then the lines."""
    user = request.user
    lines = [
        {"line": line, "mine": line.role in user.role_codes or user.has_role(Role.LEADER)}
        for line in BUSINESS_LINES
    ]
    sections, board_note = board_for(user, timezone.localdate())
    return render(
        request,
        "core/home.html",
        {"lines": lines, "board": sections, "board_note": board_note},
    )


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


def _require_account_admin(user):
    if not user.has_role(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        raise PermissionDenied("只有系统管理员或安全管理员可以管理用户。")


def user_list(request):
    _require_account_admin(request.user)
    users = (
        User.objects.visible_to(request.user).select_related("unit").prefetch_related("role_grants")
    )
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(full_name__icontains=q) | Q(unit__name__icontains=q)
        )
    if role in Role.values:
        users = users.filter(role_grants__role=role)
    page = paginate(request, users)
    for each in page:
        each.roles_shown = [Role(g.role).label for g in each.role_grants.all()]
        each.id_number_masked = mask_id_number(each.id_number)
    return render(
        request,
        "core/user_list.html",
        {
            "page": page,
            "q": q,
            "role": role,
            "roles": Role.choices,
            "query": query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def user_create(request):
    _require_account_admin(request.user)
    units = Unit.objects.visible_to(request.user)
    form = UserCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.create_user(
                request.user,
                username=data["username"],
                unit=data["unit"],
                password=data["password"],
                full_name=data["full_name"],
                phone=data["phone"],
                id_number=data["id_number"],
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            for message in actions.validation_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, f"已创建用户「{user}」。")
            return redirect("user_detail", pk=user.pk)
    return render(request, "core/user_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def user_detail(request, pk):
    _require_account_admin(request.user)
    subject = get_object_or_404(User.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if request.method == "POST":
        return _change_user(request, subject)
    show_id = request.GET.get("show") == "id_number" and subject.id_number
    if show_id:
        if not request.user.has_role(Role.SECURITY_ADMIN):
            raise PermissionDenied("只有安全管理员可以查看完整身份证号。")
        audit.record_sensitive_read(request.user, subject, fields=["身份证号"])
    held = subject.role_codes
    context = {
        "subject": subject,
        "id_number_shown": subject.id_number if show_id else mask_id_number(subject.id_number),
        "can_unmask": request.user.has_role(Role.SECURITY_ADMIN) and bool(subject.id_number),
        "role_rows": [(value, label, value in held) for value, label in Role.choices],
    }
    return render(request, "core/user_detail.html", context)


def _change_user(request, subject):
    operation, role = request.POST.get("op"), request.POST.get("role", "")
    try:
        if operation == "grant":
            grant = actions.grant_role(request.user, subject, role)
            if grant.activation_code:
                # A privileged role: the activation code is shown in this response only, to
                # the security administrator who granted it (security.actions).
                from fazhi.security.views import activation_code_page

                return activation_code_page(
                    request, subject, grant.activation_code, role_label=Role(role).label
                )
            messages.success(request, f"已授予「{Role(role).label}」。")
        elif operation == "revoke":
            actions.revoke_role(request.user, subject, role)
            messages.success(request, f"已撤销「{Role(role).label}」。")
        elif operation in ("activate", "deactivate"):
            actions.update_user(request.user, subject, is_active=operation == "activate")
            messages.success(request, "已启用账号。" if operation == "activate" else "已停用账号。")
        else:
            messages.error(request, "未知的操作。")
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    except ValueError:
        messages.error(request, "未知的角色。")
    return redirect("user_detail", pk=subject.pk)


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
