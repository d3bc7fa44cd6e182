"""Several Streamlit replicas behind Debian's nginx, on one machine: `python -m tools.deploy
--replicas 2 --port 8080` starts them and nginx (config from deploy/nginx.conf.template) and keeps
them running until interrupted. The tests start the same thing on loopback."""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tools import ROOT
from tools.browser import free_port, streamlit_server
from tools.headers import content_security_policy

TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def render(prefix: Path, listen: str, replicas: list[int]) -> str:
    upstreams = "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in replicas)
    tiles = os.environ.get("KURILS_ONLINE_TILES", "") == "1"
    policies = {
        "CSP": content_security_policy(tiles),
        "CSP_EMBEDDABLE": content_security_policy(tiles, embeddable=True),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {"PREFIX": str(prefix), "LISTEN": listen, "UPSTREAMS": upstreams, **policies}.items():
        text = text.replace(f"@@{name}@@", value)
    return text


@contextlib.contextmanager
def cluster(replicas: int = 2, port: int | None = None, geodata: Path | None = None) -> Iterator[tuple[str, Path]]:
    """Start `replicas` Streamlit servers and nginx in front; yields (nginx URL, its log folder)."""
    # One cookie secret for all replicas: Streamlit's XSRF cookie, signed by one, checks on another.
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(streamlit_server(geodata=geodata, env=env)) for _ in range(replicas)]
        prefix = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kurils-nginx-")))
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / sub).mkdir()
        port = port or free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(render(prefix, f"127.0.0.1:{port}", [int(u.rsplit(":", 1)[1]) for u in urls]), encoding="utf-8")
        check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejects the config:\n{check.stderr}")
        proc = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"], stderr=subprocess.PIPE
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError as e:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        output = proc.stderr.read().decode() if proc.stderr else ""
                        raise RuntimeError(f"nginx did not start: {output}") from e
                    time.sleep(0.2)
            yield url, prefix
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8080)
    args = ap.parse_args()
    with cluster(args.replicas, args.port) as (url, prefix):
        print(f"kurils on {url} ({args.replicas} replicas); logs in {prefix}; Ctrl-C stops", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
