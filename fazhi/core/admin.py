"""The Django admin, reserved for the system administrator's upkeep of the unit tree.

Changes made here go through the same action functions as the rest of the site, so they are
checked and audit-logged alike. Users, roles and the audit log are not here: they have their own
pages, where the 三员分立 rule applies.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from . import actions
from .errors import ActionRefused
from .models import Unit
from .roles import Role
from .text import refuse_bad_characters


class FazhiAdminSite(admin.AdminSite):
    site_header = "法治工作管理系统 · 系统维护"
    site_title = "系统维护"
    index_title = "系统维护"
    # One model is kept here: its index is the whole navigation, and the site's top bar leads
    # back to the rest (templates/admin/base_site.html).
    enable_nav_sidebar = False

    def app_index(self, request, app_label, extra_context=None):
        # Django's title reads "基础 管理"; the app's own name says it.
        title = apps.get_app_config(app_label).verbose_name
        return super().app_index(request, app_label, {"title": title, **(extra_context or {})})

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN)

    # The admin's own password change would set the password past core.actions.set_password:
    # no audit entry, no password_changed_at, no policy message in Chinese. Its links and
    # forms lead to the site's one password page instead, which does all of that.
    def password_change(self, request, extra_context=None):
        return redirect("password_change")

    def password_change_done(self, request, extra_context=None):
        return redirect("password_change")


admin_site = FazhiAdminSite(name="admin")


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "population"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)

    def clean_name(self):
        # Refused here with the field's message; save_unit refuses it too, for every caller.
        name = self.cleaned_data["name"]
        refuse_bad_characters(name, "单位名称")
        return name


@admin.register(Unit, site=admin_site)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "kind", "parent", "population"]
    autocomplete_fields = ["parent"]
    list_per_page = 50

    # Django's own titles read "选择 单位 来修改", "修改 单位": spaced out word by word.
    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "单位", **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        title = "增加单位" if object_id is None else "修改单位"
        return super().changeform_view(
            request, object_id, form_url, {"title": title, **(extra_context or {})}
        )

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).select_related("parent")

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's own says "ID为“…”的单位不存在"; an administrator reads Chinese. (The hook
        # is Django's private one; test_admin_look holds it to its message.)
        messages.warning(request, "找不到这个单位，可能已被删除，或不在您的管辖范围内。")
        return redirect("admin:core_unit_changelist")

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_module_permission = has_view_permission
    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request) and (
            obj is None or obj.is_within(request.user.unit)
        )

    def has_delete_permission(self, request, obj=None):
        # Units own records; a unit that is gone would orphan them. Rename or move instead.
        return False

    def save_model(self, request, obj, form, change):
        try:
            saved = actions.save_unit(
                request.user,
                code=obj.code,
                name=obj.name,
                kind=obj.kind,
                parent=obj.parent,
                population=obj.population,
            )
        except ActionRefused as refusal:
            # Refused before anything was written; a 403 rather than the admin's "saved".
            raise PermissionDenied(str(refusal)) from refusal
        obj.pk, obj.path = saved.pk, saved.path
