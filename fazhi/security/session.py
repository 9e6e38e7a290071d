"""What a logged-in session still owes (a new password, an authenticator) and when it was last
used, kept in the server-side session so that ordinary requests cost no extra query."""

import time

from . import actions

STEPS = "fazhi_steps"
CHECKED = "fazhi_checked"
SEEN = "fazhi_seen"
# Required steps are looked up again this often, so that a role granted during a session
# (one that needs two-factor login) or a password that expires takes effect without a new login.
RECHECK_SECONDS = 300
# The last-use time is written at most this often: a session write per click would be waste.
SEEN_RESOLUTION_SECONDS = 60


def start(request, user):
    now = int(time.time())
    request.session[STEPS] = actions.required_steps(user)
    request.session[CHECKED] = now
    request.session[SEEN] = now


def steps(request) -> list[str]:
    now = int(time.time())
    session = request.session
    if STEPS not in session or now - session.get(CHECKED, 0) > RECHECK_SECONDS:
        session[STEPS] = actions.required_steps(request.user)
        session[CHECKED] = now
    return session[STEPS]


def done(request, step: str):
    request.session[STEPS] = [s for s in request.session.get(STEPS, []) if s != step]
