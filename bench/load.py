"""The load of benchmark (d), run as a second process: log in, then fire concurrent GETs.

    python bench/load.py --base http://127.0.0.1:8765 --username U --password P \
        --requests 200 --concurrency 4 /mediation/ /login/ ...

prints one JSON object: {path: {"p50": ms, "p95": ms, "max": ms, "rps": n, "bytes": n}}.
Standard library only (urllib, threads), so it measures the server and not a client library.
"""

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def opener_with_session(base: str, username: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"}
    )
    opener.open(request).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit("login failed: no session cookie")
    return opener, "; ".join(f"{c.name}={c.value}" for c in jar)


def measure(base, path, cookie, requests: int, concurrency: int, seconds: float, warmup: int = 1):
    """`requests` GETs by `concurrency` threads, or as many as `seconds` allow."""
    local = threading.local()

    def fetch(_):
        # One plain opener per thread; the session cookie is sent by hand (no redirects
        # followed: a redirect to the login page would be a failure, not a fast page).
        if not hasattr(local, "opener"):
            local.opener = urllib.request.build_opener()
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        started = time.perf_counter()
        with local.opener.open(request) as response:
            body = response.read()
            status = response.status
        took = time.perf_counter() - started
        if status != 200 or b'name="password"' in body and path != "/login/":
            raise RuntimeError(f"{path}: status {status} or not logged in")
        return took, len(body)

    lock = threading.Lock()
    results, errors = [], []

    def worker(deadline):
        while True:
            with lock:
                if len(results) >= requests or time.perf_counter() > deadline:
                    return
            try:
                found = fetch(None)
            except Exception as error:  # a failed request is counted, not timed
                with lock:
                    errors.append(str(error))
                    if len(errors) > requests:
                        return
                continue
            with lock:
                results.append(found)

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(fetch, range(warmup)))
        started = time.perf_counter()
        list(pool.map(worker, [started + seconds] * concurrency))
        wall = time.perf_counter() - started
    requests = len(results)
    if not results:
        return {"requests": 0, "errors": len(errors), "error": errors[:1]}
    times = sorted(t * 1000 for t, _ in results)
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max": round(times[-1], 1),
        "rps": round(requests / wall, 1),
        "bytes": results[-1][1],
        "requests": requests,
        "concurrency": concurrency,
        "errors": len(errors),
    }


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30, help="at most, per path")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    _, cookie = opener_with_session(args.base, args.username, args.password)
    found = {
        path: measure(args.base, path, cookie, args.requests, args.concurrency, args.seconds)
        for path in args.paths
    }
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main()
