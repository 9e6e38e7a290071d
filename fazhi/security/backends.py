from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for authentications that come with a request.

    Every login over the network (the login page, the code step, the API) passes its request,
    and is counted and locked out per account and per address. An authentication without one
    has no address to count by — the test client's login(), a shell — and axes would refuse it
    outright; it is passed on to the password check instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
