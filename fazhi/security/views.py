"""Login in two steps (password, then the authenticator's code), enrolment of an
authenticator, the user's own password change, and the security administrator's reset."""

import io
import time

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from fazhi.core import actions as core_actions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import User
from fazhi.core.roles import Role

from . import actions, policy, session
from .actions import ActivationExpired, CodeRefused

# Between the password and the code, the session holds who passed the first step; it is not a
# login (request.user stays anonymous) and lapses after five minutes.
PENDING = "fazhi_pending_login"
PENDING_SECONDS = 300
# The marker of the activation code this session presented (actions.accept_activation_code):
# with a code pending, only such a session is shown a secret to enrol.
ACTIVATED = "fazhi_activation"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        next_url = _next_url(request)
        if actions.state_of(user).enrolled:
            # A new session id before it carries anything about this login.
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "next": next_url,
            }
            return redirect("security:login_code")
        auth_login(request, user)
        return redirect(next_url)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "core/login.html", {"form": form, "next": next_url})


def _lockout(request, username):
    return get_lockout_response(request, credentials={"username": username})


@login_not_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    pending = request.session.get(PENDING)
    user = None
    if pending and time.time() - pending["at"] <= PENDING_SECONDS:
        user = (
            User.objects.select_related("unit").filter(pk=pending["user"], is_active=True).first()
        )
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, "登录已超时，请重新输入用户名和密码。")
        return redirect("login")
    credentials = {"username": user.username}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return _lockout(request, user.username)
    error = ""
    if request.method == "POST":
        try:
            kind = actions.check_login_code(user, request.POST.get("code", ""))
        except CodeRefused as refusal:
            error = str(refusal)
            # A wrong code is a failed login: it counts toward the lockout (axes) and is
            # written to the audit log (core.signals), like a wrong password.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if not AxesProxyHandler.is_allowed(request, credentials):
                return _lockout(request, user.username)
        else:
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            if kind == "recovery":
                left = actions.unused_recovery_codes(user)
                messages.warning(
                    request,
                    f"您使用了一个恢复码登录，还剩 {left} 个。"
                    "如手机丢失，请联系安全管理员重置双因素认证。",
                )
            return redirect(pending["next"])
    return render(request, "security/login_code.html", {"error": error, "pending_user": user})


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            core_actions.set_password(
                request.user, request.user, form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            for message in core_actions.validation_messages(error):
                form.add_error("new_password2", message)
        else:
            update_session_auth_hash(request, request.user)
            session.done(request, actions.PASSWORD)
            messages.success(request, "密码已修改。")
            return redirect("home")
    context = {"form": form, "max_age_days": settings.FAZHI_PASSWORD_MAX_AGE_DAYS}
    return render(request, "core/password_change.html", context)


def _activation_step(request, state):
    """The first step of enrolment where an activation code is pending: the code, before any
    secret is shown. A wrong code is a failed login (lockout, audit log), as a wrong password."""
    credentials = {"username": request.user.username}
    error = ""
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            auth_logout(request)
            return _lockout(request, credentials["username"])
        try:
            marker = actions.accept_activation_code(
                request.user, request.POST.get("activation_code", "")
            )
        except ActivationExpired as refusal:
            error = str(refusal)
        except CodeRefused as refusal:
            error = str(refusal)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if not AxesProxyHandler.is_allowed(request, credentials):
                # Locked: the session ends with it, as a login would have been refused.
                auth_logout(request)
                return _lockout(request, credentials["username"])
        except ActionRefused as refusal:
            error = str(refusal)
        else:
            request.session[ACTIVATED] = marker
            return redirect("security:enrol")
    context = {
        "error": error,
        "expired": state.activation_expired(timezone.now()),
        "expires_at": state.activation_expires_at,
        "hours": policy.ACTIVATION_HOURS,
    }
    return render(request, "security/enrol_activation.html", context)


@sensitive_post_parameters("code", "activation_code")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    state = actions.state_of(request.user)
    if state.enrolled:
        return render(request, "security/two_factor.html", _status(request.user))
    activation = request.session.get(ACTIVATED)
    if state.activation_pending and activation != state.activation_marker:
        return _activation_step(request, state)
    try:
        secret = actions.begin_enrolment(request.user, activation=activation)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("home")
    error = ""
    if request.method == "POST":
        try:
            codes = actions.confirm_enrolment(
                request.user, request.POST.get("code", ""), activation=activation
            )
        except (CodeRefused, ActionRefused) as refusal:
            error = str(refusal)
        else:
            request.session.pop(ACTIVATED, None)
            session.done(request, actions.ENROL)
            # Shown once, in this response only; the server keeps nothing but their hashes.
            return render(request, "security/recovery_codes.html", {"codes": codes})
    context = {
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "error": error,
        "required": actions.requires_two_factor(request.user),
        "activated": state.activation_pending,
    }
    return render(request, "security/enrol.html", context)


@never_cache
def enrol_qr(request):
    """The QR code of the pending secret, as an SVG image from our own origin (the CSP allows
    no inline markup and no other host)."""
    state = actions.state_of(request.user)
    if state.enrolled or not state.totp_secret:
        return HttpResponse(status=404)
    if state.activation_pending and request.session.get(ACTIVATED) != state.activation_marker:
        # The password alone does not show the secret of a pending activation.
        return HttpResponse(status=404)
    uri = policy.provisioning_uri(
        state.totp_secret, request.user.username, settings.FAZHI_TOTP_ISSUER
    )
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def _status(user) -> dict:
    state = actions.state_of(user)
    return {
        "subject": user,
        "activation_pending": state.activation_pending,
        "activation_expires_at": state.activation_expires_at,
        "activation_expired": state.activation_expired(timezone.now()),
        "enrolled": state.enrolled,
        "enrolled_at": state.totp_confirmed_at,
        "recovery_left": actions.unused_recovery_codes(user) if state.enrolled else 0,
        "required": actions.requires_two_factor(user),
    }


@never_cache
def two_factor(request):
    return render(request, "security/two_factor.html", _status(request.user))


@never_cache
@require_http_methods(["GET", "POST"])
def user_two_factor(request, pk):
    """The security administrator's page for one user's two-factor login: see it, reset it."""
    if not request.user.has_role(Role.SECURITY_ADMIN):
        raise PermissionDenied("只有安全管理员可以管理用户的双因素认证。")
    subject = get_object_or_404(User.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if request.method == "POST":
        operation = request.POST.get("op", "reset")
        try:
            if operation == "reissue":
                code = actions.reissue_activation(request.user, subject)
            else:
                code = actions.reset_two_factor(request.user, subject)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if code:
                return activation_code_page(request, subject, code, reissued=operation == "reissue")
            messages.success(
                request, f"已重置「{subject}」的双因素认证，该用户下次登录时重新绑定。"
            )
        return redirect("security:user_two_factor", pk=subject.pk)
    return render(request, "security/user_two_factor.html", _status(subject))


def activation_code_page(request, subject, code: str, *, role_label="", reissued=False):
    """The one response that shows an activation code in clear, to the security administrator
    who issued it (after a grant, a reset or a reissue): no redirect that could show it again,
    and no copy kept by the browser or a proxy."""
    state = actions.state_of(subject)
    response = render(
        request,
        "security/activation_code.html",
        {
            "subject": subject,
            "code": code,
            "expires_at": state.activation_expires_at,
            "hours": policy.ACTIVATION_HOURS,
            "role_label": role_label,
            "reissued": reissued,
        },
    )
    response["Cache-Control"] = "no-store"
    return response
