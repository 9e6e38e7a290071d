"""The pages where the system and security administrators manage accounts and their roles.

They are the site's, not core's: granting a privileged role shows the activation code that
fazhi.security issues, and core imports nothing built on it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.core import actions, audit
from fazhi.core.errors import ActionRefused
from fazhi.core.forms import UserCreateForm
from fazhi.core.idnumber import mask_id_number
from fazhi.core.models import Unit, User
from fazhi.core.pagination import paginate, query_without_page
from fazhi.core.roles import Role
from fazhi.security.views import activation_code_page


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
        "portal/user_list.html",
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
    return render(request, "portal/user_create.html", {"form": form})


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
    return render(request, "portal/user_detail.html", context)


def _change_user(request, subject):
    operation, role = request.POST.get("op"), request.POST.get("role", "")
    try:
        if operation == "grant":
            grant = actions.grant_role(request.user, subject, role)
            if grant.activation_code:
                # A privileged role: the activation code is shown in this response only, to
                # the security administrator who granted it (security.actions).
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
