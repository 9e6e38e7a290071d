"""The page where an entitled officer says why he needs a register's personal data in full
(core.personal: masks until then)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from .personal import give_reason, may_unmask, reason_for, sees_personal_data, withdraw_reason
from .registers import REGISTERS
from .text import refuse_bad_characters

OTHER = "其他"
PURPOSES = ("日常监督管理", "核实身份信息", "办理具体业务", "核对统计数据", OTHER)


class ReasonForm(forms.Form):
    purpose = forms.ChoiceField(
        label="查看事由", choices=[(p, p) for p in PURPOSES], widget=forms.RadioSelect
    )
    detail = forms.CharField(label="具体说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        # A label ends in the full-width colon of Chinese text, not Django's ":".
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)

    def clean_detail(self):
        # The reason is written into the audit log and repeated in every entry it covers:
        # no control characters or reserved markers there.
        detail = self.cleaned_data.get("detail") or ""
        refuse_bad_characters(detail, "具体说明")
        return detail

    def clean(self):
        data = super().clean()
        if data.get("purpose") == OTHER and not (data.get("detail") or "").strip():
            self.add_error("detail", "选择“其他”时，请写明查看事由。")
        return data

    def reason(self) -> str:
        detail = (self.cleaned_data.get("detail") or "").strip()
        purpose = self.cleaned_data["purpose"]
        return f"{purpose}（{detail}）" if detail and purpose != OTHER else detail or purpose


def _register(request, name):
    register = REGISTERS.get(name)
    if register is None or not register.sensitive:
        raise Http404("没有这个登记簿。")
    if not sees_personal_data(request.user, register.model):
        raise PermissionDenied(f"您无权查看{register.label}的完整个人信息。")
    return register


def _next(request, register) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(register.list_url) if register.list_url else "/"


def unmask_url(request, register) -> str:
    """Where a page sends its reader to give his reason and come back."""
    query = urlencode({"next": request.get_full_path()})
    return f"{reverse('personal_data_reason', args=[register.name])}?{query}"


def unmask_link(request, register) -> str:
    """The link a page offers to give a reason, or "" when the reader needs none or may not."""
    return unmask_url(request, register) if may_unmask(request.user, register) else ""


@require_http_methods(["GET", "POST"])
def personal_data_reason(request, name):
    register = _register(request, name)
    if request.method == "POST" and request.POST.get("withdraw"):
        withdraw_reason(request, register)
        return redirect(_next(request, register))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        give_reason(request, register, form.reason())
        return redirect(_next(request, register))
    return render(
        request,
        "core/personal_data_reason.html",
        {
            "register": register,
            "form": form,
            "next": _next(request, register),
            "current": reason_for(request.user, register.name),
        },
    )
