"""gunicorn settings for fazhi behind nginx (docs/deploy.md).

Installed as /etc/fazhi/gunicorn.conf.py and read by deploy/systemd/fazhi.service:

    gunicorn -c /etc/fazhi/gunicorn.conf.py fazhi.wsgi

The application's own settings come from the environment (/etc/fazhi/env); the few values here
that a bureau may tune are read from the same file:

    GUNICORN_BIND      where nginx reaches gunicorn (default 127.0.0.1:8001; or unix:/run/fazhi/…)
    WEB_CONCURRENCY    worker processes (default 2 × CPU cores + 1)
    GUNICORN_TIMEOUT   seconds a request may take before its worker is restarted (default 120)
"""

import ipaddress
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
# Synchronous workers: each handles one request at a time, which is what Django's ORM expects.
worker_class = "sync"
# Importing a 20 MB register or building the annual report takes tens of seconds on a slow
# server; nginx's proxy_read_timeout (deploy/nginx/fazhi.conf) is set a little above this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# `systemctl restart|stop fazhi` lets requests in progress finish for this long.
graceful_timeout = 30
keepalive = 5
# Workers are replaced after a while, so that a slow leak never grows for months.
max_requests = 1000
max_requests_jitter = 100
# The application is imported by each worker, not by the master: `systemctl reload fazhi`
# (SIGHUP) then starts workers on the code installed by an upgrade.
preload_app = False
proc_name = "fazhi"
# Files gunicorn creates (a unix socket included) are for its own user and group only;
# nginx reaches a unix socket through the group (docs/deploy.md).
umask = 0o007
# The workers' heartbeat files live in memory, not on a disk that may stall under a backup.
if os.access("/dev/shm", os.W_OK):
    worker_tmp_dir = "/dev/shm"
# nginx writes the access log; gunicorn logs errors to stderr, that is to the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# No runtime control socket (gunicorn ≥ 25): systemctl is the only way to steer the service.
control_socket_disable = True
# X-Forwarded-Proto is trusted from nginx on this machine only (gunicorn's default, spelled out).
forwarded_allow_ips = "127.0.0.1,::1"

# nginx on this machine passes the browser's address in X-Real-IP, overwriting whatever the
# browser sent (deploy/nginx/fazhi.conf). The audit log records REMOTE_ADDR
# (fazhi.core.audit.client_ip), which behind a proxy is the proxy's own 127.0.0.1: the hook
# below puts the browser's address there, for requests that came from the proxy only.
TRUSTED_PROXIES = ("127.0.0.1", "::1", "")  # "" is a peer on a unix socket


def _from_proxy(remote_addr):
    return remote_addr in TRUSTED_PROXIES


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


class RealClientAddress:
    """WSGI wrapper: REMOTE_ADDR becomes X-Real-IP when the request came from nginx."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        real_ip = environ.get("HTTP_X_REAL_IP")
        if real_ip and _from_proxy(environ.get("REMOTE_ADDR", "")):
            address = _valid_ip(real_ip)
            if address:
                environ["REMOTE_ADDR"] = address
        return self.app(environ, start_response)


def post_worker_init(worker):
    worker.wsgi = RealClientAddress(worker.wsgi)
