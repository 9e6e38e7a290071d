"""The page where a user creates and revokes his own API tokens (a session page, not the API)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core.errors import ActionRefused
from fazhi.core.permissions import require_page
from fazhi.core.text import text_problem

from . import tokens
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label="令牌名称",
        max_length=tokens.MAX_NAME,
        help_text="写明调用它的系统，如“县政务数据平台”，便于日后识别和撤销。",
    )

    def clean_name(self):
        name = self.cleaned_data["name"]
        problem = text_problem(name, "令牌名称")
        if problem:
            raise forms.ValidationError(problem)
        return name


@require_http_methods(["GET", "POST"])
def token_list(request):
    # One who holds tokens from before his roles changed may still see and revoke them.
    if not ApiToken.objects.filter(user=request.user).exists():
        require_page("api.tokens", request.user)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.create_token(
                request.user, request.user, form.cleaned_data["name"]
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            form = TokenForm()
            messages.success(request, f"已创建接口令牌「{token.name}」。")
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
            "token_days": settings.FAZHI_API_TOKEN_DAYS,
        },
    )
    if secret:
        # The page shows the secret once: no browser or proxy may keep a copy of it.
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        tokens.revoke_token(request.user, token)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已撤销接口令牌「{token.name}」，使用它的调用将被拒绝。")
    return redirect("api_tokens")
