"""The deployments people use, checked offline: compose.yaml's nginx config passes `nginx -t` as it is;
compose.yaml is valid against the Compose Specification's schema and the Kubernetes manifests against
the Kubernetes API's schemas (pinned, from PyPI packages); and the pieces agree with each other and
with the app: probe path and port, Service and Ingress names, upstream addresses, limits, and memory
limits at least the measured figures."""

from __future__ import annotations

import copy
import importlib.resources
import ipaddress
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from kurils.paths import REPO_ROOT

COMPOSE = REPO_ROOT / "compose.yaml"
COMPOSE_NGINX = REPO_ROOT / "deploy" / "compose" / "nginx.conf"
TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf.template"
DOCKERFILE = REPO_ROOT / "Dockerfile"
KUBERNETES = REPO_ROOT / "deploy" / "kubernetes"
# The Kubernetes API the manifests are checked against (kubernetes-validate ships its schemas).
KUBERNETES_VERSION = "1.32.0"
HEALTH = "/_stcore/health"

# Measured memory of one server process (MiB), 2026-11-30, three runs each: under a class of 20
# (issue 19, `kurils loadtest`) 344-357 steady and 384-385 at its first cycle; the geodata
# validator's subprocess at start, 101-107 (helper "deploy", /proc/PID/status of the process tree).
CLASS_STEADY_MIB = 357
FIRST_RUNS_MIB = 385
VALIDATOR_MIB = 107


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _manifests() -> dict[str, dict[str, Any]]:
    """kind -> manifest, for every file kustomization.yaml lists."""
    kustomization = _yaml(KUBERNETES / "kustomization.yaml")
    docs = [_yaml(KUBERNETES / name) for name in kustomization["resources"]]
    return {doc["kind"]: doc for doc in docs}


def _mebibytes(quantity: str) -> float:
    """A Kubernetes or Compose memory quantity (512Mi, 2Gi, 1g) in MiB."""
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([A-Za-z]*)", str(quantity)).groups()  # type: ignore[union-attr]
    scale = {"Mi": 1, "Gi": 1024, "m": 1, "g": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20, "": 1 / 2**20}[unit]
    return float(number) * scale


def _app_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if s.get("image") == "kurils:latest"}


def _dockerfile() -> str:
    return DOCKERFILE.read_text(encoding="utf-8")


def _app_port() -> int:
    """The port the image's server listens on (its CMD), also what it EXPOSEs."""
    text = _dockerfile()
    port = int(re.search(r'"--server\.port=(\d+)"', text).group(1))  # type: ignore[union-attr]
    assert re.search(rf"^EXPOSE {port}$", text, re.M)
    return port


# --- nginx ------------------------------------------------------------------------------------------


def _nginx_t(conf: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("Debian's nginx is not installed (scripts/system-packages)")
    # The prefix as compose.yaml gives it, a temporary folder: the config's relative paths go there.
    return subprocess.run(
        [nginx, "-t", "-e", "stderr", "-p", f"{prefix}/", "-c", str(conf)], capture_output=True, text=True
    )


def test_compose_nginx_config_passes_nginx_t_as_written(tmp_path):
    check = _nginx_t(COMPOSE_NGINX, tmp_path)
    assert check.returncode == 0, check.stderr
    assert "test is successful" in check.stderr
    # and the same check does fail: the file with its upstream block's `hash` misspelt
    broken = tmp_path / "broken.conf"
    broken.write_text(COMPOSE_NGINX.read_text(encoding="utf-8").replace("hash $affinity", "hsah $affinity"))
    failed = _nginx_t(broken, tmp_path)
    assert failed.returncode != 0 and "hsah" in failed.stderr


def _directives(text: str, name: str) -> list[str]:
    return [line.split("#")[0].strip() for line in text.splitlines() if line.strip().startswith(name + " ")]


def test_nginx_upstreams_are_the_compose_replicas_fixed_addresses():
    compose = _yaml(COMPOSE)
    text = COMPOSE_NGINX.read_text(encoding="utf-8")
    upstream = re.search(r"upstream kurils \{(.*?)\}", text, re.S).group(1)  # type: ignore[union-attr]
    servers = {line.split()[1] for line in _directives(upstream, "server")}
    replicas = _app_services(compose)
    assert len(replicas) >= 2
    addresses = {s["networks"]["kurils"]["ipv4_address"] for s in replicas.values()}
    assert servers == {f"{address}:{_app_port()}" for address in addresses}
    subnet = ipaddress.ip_network(compose["networks"]["kurils"]["ipam"]["config"][0]["subnet"])
    assert all(ipaddress.ip_address(a) in subnet for a in addresses)
    assert "hash $affinity consistent;" in upstream  # sticky: one replica per affinity cookie
    # nginx listens where compose publishes it, and waits for every replica to be healthy
    listen = int(_directives(text, "listen")[0].split()[1].rstrip(";"))
    nginx = compose["services"]["nginx"]
    assert any(str(p).endswith(f":{listen}") for p in nginx["ports"])
    assert set(nginx["depends_on"]) == set(replicas)
    assert all(d["condition"] == "service_healthy" for d in nginx["depends_on"].values())
    # the container runs this very file, with the prefix the file's relative paths assume
    assert any(v.startswith("./deploy/compose/nginx.conf:/etc/nginx/nginx.conf") for v in nginx["volumes"])
    assert nginx["command"][:3] == ["nginx", "-p", "/var/cache/nginx/"]


def test_nginx_websocket_and_layer_caching():
    text = COMPOSE_NGINX.read_text(encoding="utf-8")
    stream = re.search(r"location /_stcore/stream \{(.*?)\}", text, re.S).group(1)  # type: ignore[union-attr]
    assert int(re.search(r"proxy_read_timeout (\d+)s;", stream).group(1)) >= 3600 * 8  # type: ignore[union-attr]
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header Connection $connection_upgrade;" in text
    # the folder view/data.py writes the layers to, as Streamlit serves it (app/static/...)
    layers = re.search(r"location /app/static/layers/ \{(.*?)\n        \}", text, re.S).group(1)  # type: ignore[union-attr]
    assert "proxy_cache layers;" in layers and "proxy_cache_valid 200 " in layers
    assert re.search(r'add_header Cache-Control "public, max-age=\d{8}, immutable";', layers)
    assert " always;" not in layers.split("add_header Cache-Control")[1].split("\n")[0]  # never on an error
    import inspect

    from view import data

    # view/data.py writes them to static/layers/ and hands out app/static/layers/<version>/<name>
    assert data.STATIC == REPO_ROOT / "static"
    assert 'f"app/static/layers/{version}/{name}"' in inspect.getsource(data.static_urls)


def test_nginx_limits_are_the_templates():
    """The per-client limits in compose's nginx are those sized in deploy/nginx.conf.template."""
    compose_text = COMPOSE_NGINX.read_text(encoding="utf-8")
    template_text = TEMPLATE.read_text(encoding="utf-8")
    for name in ("limit_conn_zone", "limit_req_zone", "limit_conn", "limit_req", "limit_conn_status"):
        assert _directives(compose_text, name) == _directives(template_text, name), name


# --- compose ------------------------------------------------------------------------------------------


def _compose_schema() -> dict[str, Any]:
    """The Compose Specification's schema as check-jsonschema (requirements-dev.txt) vendors it."""
    vendor = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads((vendor / "compose-spec.json").read_text(encoding="utf-8"))
    return schema


def test_compose_file_is_valid_against_the_compose_specification():
    schema = _compose_schema()
    validator = jsonschema.Draft202012Validator(schema)
    compose = _yaml(COMPOSE)  # PyYAML applies the `<<: *app` merges, as Compose does
    assert [e.message for e in validator.iter_errors(compose)] == []
    misspelt = copy.deepcopy(compose)
    misspelt["services"]["app1"]["helthcheck"] = misspelt["services"]["app1"].pop("healthcheck")
    assert not validator.is_valid(misspelt)


def test_compose_replicas_health_checks_and_memory():
    compose = _yaml(COMPOSE)
    for name, service in _app_services(compose).items():
        test = " ".join(service["healthcheck"]["test"])
        assert f"http://127.0.0.1:{_app_port()}{HEALTH}" in test, name
        assert service["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"].startswith("${KURILS_COOKIE_SECRET:?")
        # the replicas trust X-Forwarded-For from nginx alone (tests/test_attacks.py: what that gives)
        assert (
            service["environment"]["FORWARDED_ALLOW_IPS"]
            == compose["services"]["nginx"]["networks"]["kurils"]["ipv4_address"]
        ), name
        limit = _mebibytes(service["deploy"]["resources"]["limits"]["memory"])
        assert limit >= FIRST_RUNS_MIB + VALIDATOR_MIB, name
    # the image's own health check asks the same
    assert f"http://127.0.0.1:{_app_port()}{HEALTH}" in _dockerfile().split("HEALTHCHECK")[1]


# --- Kubernetes ---------------------------------------------------------------------------------------


def test_kustomization_lists_every_manifest():
    kustomization = _yaml(KUBERNETES / "kustomization.yaml")
    on_disk = {p.name for p in KUBERNETES.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == on_disk
    assert set(_manifests()) == {"Deployment", "Service", "Ingress"}


def test_kubernetes_manifests_are_valid_against_the_api_schemas():
    for manifest in _manifests().values():
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
    # strict: an unknown field is an error, not ignored
    misspelt = copy.deepcopy(_manifests()["Deployment"])
    container = misspelt["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, KUBERNETES_VERSION, strict=True)


def test_kustomize_renders_valid_manifests_with_the_named_image():
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl (with its built-in kustomize) is not installed")
    rendered = subprocess.run([kubectl, "kustomize", str(KUBERNETES)], capture_output=True, text=True, check=True)
    docs = list(yaml.safe_load_all(rendered.stdout))
    assert sorted(d["kind"] for d in docs) == ["Deployment", "Ingress", "Service"]
    for doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    (image,) = _yaml(KUBERNETES / "kustomization.yaml")["images"]
    pod = next(d for d in docs if d["kind"] == "Deployment")["spec"]["template"]["spec"]
    assert {c["image"] for c in pod["containers"] + pod["initContainers"]} == {f"{image['newName']}:{image['newTag']}"}


def test_probes_ports_and_names_agree():
    manifests = _manifests()
    deployment, service, ingress = manifests["Deployment"], manifests["Service"], manifests["Ingress"]
    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": _app_port()}
    # the probes ask Streamlit's own health route on the container's port
    from streamlit.web.server.starlette.starlette_routes import ROUTE_HEALTH

    assert HEALTH == "/" + ROUTE_HEALTH
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH and ports.get(get["port"], get["port"]) == _app_port(), probe
    # Deployment -> its pods -> Service -> Ingress
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    (service_port,) = service["spec"]["ports"]
    assert ports.get(service_port["targetPort"], service_port["targetPort"]) == _app_port()
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == service["metadata"]["name"]
            assert (
                backend["port"].get("name") == service_port["name"]
                or backend["port"].get("number") == service_port["port"]
            )
    # one image, as kustomization.yaml names it, for the init container and the server
    images = {c["image"] for c in pod["spec"]["containers"] + pod["spec"]["initContainers"]}
    assert images == {i["name"] for i in _yaml(KUBERNETES / "kustomization.yaml")["images"]}


def test_ingress_keeps_a_session_on_one_pod():
    annotations = _manifests()["Ingress"]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert annotations[prefix + "affinity"] == "cookie"
    assert annotations[prefix + "session-cookie-name"]
    assert int(annotations[prefix + "proxy-read-timeout"]) >= 3600 * 8  # lesson-long WebSockets
    assert int(annotations[prefix + "proxy-send-timeout"]) >= 3600 * 8
    # the template's per-client limits: 300 connections, 100 r/s with a burst of 4500
    template = TEMPLATE.read_text(encoding="utf-8")
    rate = int(re.search(r"zone=req_per_client:\S+ rate=(\d+)r/s", template).group(1))  # type: ignore[union-attr]
    burst = int(re.search(r"zone=req_per_client burst=(\d+)", template).group(1))  # type: ignore[union-attr]
    connections = int(re.search(r"limit_conn conn_per_client (\d+);", template).group(1))  # type: ignore[union-attr]
    assert int(annotations[prefix + "limit-rps"]) == rate
    assert int(annotations[prefix + "limit-rps"]) * int(annotations[prefix + "limit-burst-multiplier"]) == burst
    assert int(annotations[prefix + "limit-connections"]) == connections


def test_pods_count_visitors_behind_the_ingress_by_their_forwarded_address():
    """The ingress controller's pods are every visitor's peer: the app trusts their X-Forwarded-For,
    or all visitors would share one client's limits (tools/limits.py)."""
    (container,) = _manifests()["Deployment"]["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["FORWARDED_ALLOW_IPS"] == "*"


def test_pods_run_unprivileged_with_memory_for_the_measured_load():
    pod = _manifests()["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    user = int(re.search(r"^USER (\d+)$", _dockerfile(), re.M).group(1))  # type: ignore[union-attr]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == user
    for c in pod["containers"] + pod["initContainers"]:
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert c["securityContext"]["allowPrivilegeEscalation"] is False
    # With a read-only root, where the server writes is mounted writable: static/ (view/data.py)
    # and the temp folder (HOME and the caches point there, Dockerfile).
    workdir = re.search(r"^WORKDIR (\S+)$", _dockerfile(), re.M).group(1)  # type: ignore[union-attr]
    from view import data

    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert f"{workdir}/{data.STATIC.relative_to(REPO_ROOT)}" in mounts and "/tmp" in mounts
    for variable in ("HOME", "MPLCONFIGDIR", "XDG_CACHE_HOME"):
        assert re.search(rf"\b{variable}=/tmp\b", _dockerfile()), variable
    resources = container["resources"]
    assert _mebibytes(resources["requests"]["memory"]) >= max(CLASS_STEADY_MIB, FIRST_RUNS_MIB) + VALIDATOR_MIB
    assert _mebibytes(resources["limits"]["memory"]) >= _mebibytes(resources["requests"]["memory"])
    # compose's replicas get the same limit
    compose = _yaml(COMPOSE)
    for service in _app_services(compose).values():
        assert _mebibytes(service["deploy"]["resources"]["limits"]["memory"]) == _mebibytes(
            resources["limits"]["memory"]
        )


# --- compose's nginx, running -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose_nginx():
    """compose's nginx.conf in front of two app.py replicas on loopback, with one substitution:
    its upstream addresses become the replicas' ports (the third a closed port: a replica that is down),
    and it listens on a free loopback port. Yields (URL, access log)."""
    import contextlib
    import secrets
    import tempfile
    import time
    import urllib.request

    from tools.browser import free_port, streamlit_server

    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(streamlit_server(script="app.py", env=env)) for _ in range(2)]
        conf = COMPOSE_NGINX.read_text(encoding="utf-8")
        for n, port in enumerate([int(u.rsplit(":", 1)[1]) for u in urls] + [free_port()]):
            conf = conf.replace(f"172.30.18.1{n + 1}:8501", f"127.0.0.1:{port}")
        listen = free_port()
        conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{listen};")
        # Not under pytest's folders (0700): nginx's workers (nobody, under root) must reach its cache.
        prefix = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kurils-compose-nginx-")))
        prefix.chmod(0o755)
        (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
        log = prefix / "out.log"
        with log.open("a") as out:  # appending, as nginx's own /dev/stdout does: no line overwrites another
            nginx = subprocess.Popen(
                ["nginx", "-p", f"{prefix}/", "-e", "stderr", "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            url = f"http://127.0.0.1:{listen}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(url + HEALTH, timeout=5).close()
                    break
                except OSError:
                    assert nginx.poll() is None and time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            yield url, log
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


@pytest.mark.slow
def test_compose_nginx_sticks_fails_over_and_serves_layers_from_its_cache(compose_nginx):
    import time

    from tools.wsclient import open_session, run_page

    url, log = compose_nginx
    # New visitors (no cookie) are spread by their new cookie; those hashed to the closed port are
    # passed to a live replica: every page answers.
    pages = [_get(url + "/") for _ in range(12)]
    assert {status for status, _, _ in pages} == {200}
    cookie = pages[0][1]["set-cookie"]
    assert re.fullmatch(r"kurils_affinity=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie)
    assert "content-security-policy" in pages[0][1]  # the replica's own headers pass through
    assert _get(url + "/", Cookie="kurils_affinity=abc")[1]["set-cookie"].startswith("kurils_affinity=abc;")
    # A page run over the WebSocket through nginx names its layer folder; nginx then serves a file
    # from it: the first time from a replica, after that from its cache, immutable for a year.
    ws = open_session(url)
    try:
        run = run_page(ws)
    finally:
        ws.close()
    assert run.finished
    folder = re.search(r"app/static/layers/[0-9a-f]{16}-[^/\\\"]+/", "".join(map(str, run.messages))).group(0)  # type: ignore[union-attr]
    name = sorted(p.name for p in (REPO_ROOT / folder.split("app/", 1)[1]).glob("*.json"))[0]
    answers = [_get(f"{url}/{folder}{name}", **{"Accept-Encoding": "gzip"}) for _ in range(2)]
    assert [h["x-cache"] for _, h, _ in answers] == ["MISS", "HIT"]
    for status, headers, _ in answers:
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["content-encoding"] == "gzip" and headers["x-content-type-options"] == "nosniff"
        assert "set-cookie" not in headers
    assert answers[0][2] == answers[1][2]
    # One visitor's requests all reach one replica.
    for n in range(8):
        _get(url + "/", Cookie=f"kurils_affinity=visitor{n % 2}")
    deadline = time.monotonic() + 10  # nginx logs a request just after answering it
    while sum("affinity=visitor" in line for line in log.read_text().splitlines()) < 8:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    lines = log.read_text().splitlines()
    for visitor in ("visitor0", "visitor1"):
        upstreams = {line.split("upstream=")[1].split()[0] for line in lines if f"affinity={visitor} " in line}
        assert len(upstreams) == 1, (visitor, upstreams)
    assert any('"GET /_stcore/stream HTTP/1.1" 101 ' in line for line in lines)
