"""Production serving (docs/deploy.md): the site under gunicorn, as deployed behind nginx.

gunicorn runs with deploy/gunicorn.conf.py and the settings of deploy/env.example — DEBUG off,
HTTPS on, TLS terminated by a proxy (BEHIND_TLS_PROXY=1) — on a migrated SQLite file and a
collected STATIC_ROOT of its own, in a temporary directory. The requests carry the headers
nginx adds (deploy/nginx/fazhi.conf). The configuration of nginx itself is checked with
`nginx -t` where nginx is installed.
"""

import concurrent.futures
import http.client
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_CONF = ROOT / "deploy" / "nginx" / "fazhi.conf"
# What nginx adds to every request it passes on.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Real-IP": "192.0.2.10"}
REQUESTS = 200
THREADS = 8
ONE_YEAR = 365 * 24 * 3600


def _gunicorn() -> Path | None:
    for candidate in (Path(sys.executable).with_name("gunicorn"), ROOT / ".venv/bin/gunicorn"):
        if candidate.exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _production_env(work: Path, port: int) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FAZHI_", "GUNICORN_"))
        and key not in {"DEBUG", "DATABASE_URL", "STATIC_ROOT", "ALLOWED_HOSTS", "HTTPS"}
    }
    env.update(
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        FAZHI_DATA_KEYS=f"k1:{secrets.token_hex(32)}",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        CONN_MAX_AGE="60",
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        HTTPS="1",
        BEHIND_TLS_PROXY="1",
        STATIC_ROOT=str(work / "static"),
        TMPDIR=str(work / "tmp"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="3",
        GUNICORN_TIMEOUT="30",
    )
    return env


def _manage(env: dict, *args: str):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"


class Server:
    def __init__(self, port: int, work: Path):
        self.port = port
        self.work = work

    def request(self, path, method="GET", headers=None, body=None, proxied=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = {**(PROXY_HEADERS if proxied else {}), **(headers or {})}
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


def _wait_until_listening(process, port: int, log: Path, limit: float = 20.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not listen on port {port} within {limit} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    gunicorn = _gunicorn()
    if gunicorn is None:
        pytest.skip(
            "生产部署测试跳过：虚拟环境中没有 gunicorn"
            "（pip install -e '.[dev]' 或 pip install gunicorn）"
        )
    work = tmp_path_factory.mktemp("serving")
    (work / "tmp").mkdir(mode=0o700)
    port = _free_port()
    env = _production_env(work, port)
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    log = work / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(gunicorn), "-c", str(GUNICORN_CONF), "fazhi.wsgi"],
            cwd=work,  # as the systemd unit: the application comes from the installed package
            env={**env, "PYTHONPATH": str(ROOT)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_listening(process, port, log)
        yield Server(port, work)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_login_page_and_static_file_under_load(server):
    status, _, body = server.request("/login/")
    assert status == 200
    # The page links the hashed name that collectstatic wrote (CompressedManifestStaticFiles).
    found = re.search(rb'href="(/static/core/fazhi\.[0-9a-f]{12}\.css)"', body)
    assert found, body[:2000]
    stylesheet = found.group(1).decode()

    paths = ["/login/", stylesheet] * (REQUESTS // 2)
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        responses = list(pool.map(server.request, paths))

    assert [status for status, _, _ in responses] == [200] * REQUESTS
    for path, (_, headers, body) in zip(paths, responses, strict=True):
        if path == stylesheet:
            assert body.startswith(b"/*") or b"{" in body
            cache = headers["Cache-Control"] or ""
            max_age = re.search(r"max-age=(\d+)", cache)
            assert max_age and int(max_age.group(1)) >= ONE_YEAR, cache
            assert "immutable" in cache
        else:
            assert "text/html" in headers["Content-Type"]
            assert "Strict-Transport-Security" in headers  # HTTPS=1 behind the proxy


def test_static_file_is_served_compressed(server):
    _, _, body = server.request("/login/")
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body).group(1).decode()
    status, headers, _ = server.request(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"


def test_unknown_host_is_refused(server):
    status, _, _ = server.request("/login/", headers={"Host": "fazhi.example.com"})
    assert status == 400


def test_plain_http_is_sent_to_https(server):
    """Without nginx's X-Forwarded-Proto the request is not secure: HTTPS=1 redirects it."""
    status, headers, _ = server.request("/login/", proxied=False)
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{server.port}/login/"


def _last_audit_entry(server):
    database = sqlite3.connect(server.work / "db.sqlite3")
    try:
        return database.execute(
            "SELECT action, ip, actor_username FROM core_auditentry ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        database.close()


def _failed_login(server, username, headers):
    status, response_headers, body = server.request("/login/", headers=headers)
    assert status == 200
    cookie = re.search(r"csrftoken=([^;]+)", response_headers["Set-Cookie"]).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {"csrfmiddlewaretoken": token, "username": username, "password": "wrong-password"}
    status, _, _ = server.request(
        "/login/",
        method="POST",
        body=urllib.parse.urlencode(form),
        headers={
            **headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Origin": f"https://127.0.0.1:{server.port}",
        },
    )
    assert status == 200  # the form again, with its error


def test_audit_log_records_the_browsers_address(server):
    """The audit log gets the address nginx passes in X-Real-IP, not the proxy's 127.0.0.1."""
    _failed_login(server, "nobody-1", {"X-Real-IP": "192.0.2.77"})
    assert _last_audit_entry(server) == ("login_failed", "192.0.2.77", "nobody-1")

    # Something that is not an address is ignored: the peer's own address is recorded.
    _failed_login(server, "nobody-2", {"X-Real-IP": "<script>"})
    assert _last_audit_entry(server) == ("login_failed", "127.0.0.1", "nobody-2")


def _self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fazhi.example.gov.cn")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "fazhi.crt", directory / "fazhi.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_nginx_configuration_is_valid(tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if nginx is None:
        pytest.skip("nginx 配置检查跳过：本机没有安装 nginx（apt-get install nginx）")
    cert, key = _self_signed_certificate(tmp_path)
    site = NGINX_CONF.read_text()
    for installed, here in (
        ("/etc/fazhi/tls/fazhi.crt", cert),
        ("/etc/fazhi/tls/fazhi.key", key),
        ("/var/log/nginx/", f"{tmp_path}/"),
    ):
        assert installed in site
        site = site.replace(installed, str(here))
    (tmp_path / "fazhi.conf").write_text(site)
    # The site file sits in http{}, as /etc/nginx/conf.d/*.conf does in the distributions' nginx.
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{\n    include {tmp_path}/fazhi.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


SETTINGS_READ = re.compile(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]*)"')


def test_every_setting_is_documented_for_deployment():
    """Each variable fazhi/settings.py reads is in deploy/env.example and docs/deploy.md."""
    names = set(SETTINGS_READ.findall((ROOT / "fazhi" / "settings.py").read_text()))
    names.add("DATABASE_URL")  # read by dj_database_url.config()
    assert {"SECRET_KEY", "FAZHI_DATA_KEYS", "ALLOWED_HOSTS", "HTTPS"} <= names
    example = (ROOT / "deploy" / "env.example").read_text()
    guide = (ROOT / "docs" / "deploy.md").read_text()
    missing_example = sorted(n for n in names if not re.search(rf"^(# )?{n}=", example, re.M))
    missing_guide = sorted(n for n in names if f"`{n}`" not in guide)
    assert not missing_example, f"deploy/env.example lacks {missing_example}"
    assert not missing_guide, f"docs/deploy.md lacks {missing_guide}"
