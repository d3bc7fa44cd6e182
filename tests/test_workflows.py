"""The GitHub workflows (.github/workflows/): valid against GitHub's workflow schema (offline), and in step
with the project: the README's test command, the real `kurils` command line, the geodata-only review, and
the fork-safe split between the review (read-only token) and its comment (write token, trusted code)."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kurils import cli
from kurils.paths import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
CI = WORKFLOWS / "ci.yml"
COMMENT = WORKFLOWS / "review-comment.yml"
ARTIFACT = "geodata-review"


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with one of its built-in schemas, with every proxy pointing at a closed port: a
    check that tried to download anything would fail, so passing proves it ran offline."""
    dead = "http://127.0.0.1:9"
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "http_proxy", "https_proxy")}
    env.update(HTTP_PROXY=dead, HTTPS_PROXY=dead, http_proxy=dead, https_proxy=dead)
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])]


def step_with_id(job: dict[str, Any], step_id: str) -> dict[str, Any]:
    found = [s for s in job["steps"] if s.get("id") == step_id]
    assert len(found) == 1, step_id
    return found[0]


def test_there_are_workflows():
    assert CI in FILES and COMMENT in FILES


# --- the schema -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path):
    """SchemaStore's github-workflow schema, as vendored in check-jsonschema (no network)."""
    done = check_jsonschema("vendor.github-workflows", path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path):
    """A stuck job ends long before GitHub's default of six hours."""
    done = check_jsonschema("custom.github-workflows-require-timeout", path)
    assert done.returncode == 0, done.stdout + done.stderr


BROKEN = {
    # a mistake: (text in ci.yml, the text with the mistake, where the schema check reports it)
    "runs-on missing": (
        "    runs-on: ubuntu-24.04\n    timeout-minutes: 60\n",
        "    timeout-minutes: 60\n",
        "$.jobs.test",
    ),
    "misspelled key": ("    timeout-minutes: 60\n", "    timeout-minute: 60\n", "$.jobs.test"),
    "misspelled trigger": ("  pull_request:\n", "  pull-request:\n", "$.on"),
    "unknown permission level": ("  contents: read\n", "  contents: readonly\n", "$.permissions"),
}


@pytest.mark.parametrize("change", BROKEN, ids=list(BROKEN))
def test_the_schema_check_rejects_a_broken_workflow(change, tmp_path):
    """The check can fail: ci.yml with one deliberate mistake is rejected (and the copy as it is passes)."""
    text = CI.read_text(encoding="utf-8")
    good = tmp_path / "good.yml"
    good.write_text(text, encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", good).returncode == 0
    old, new, where = BROKEN[change]
    assert text.count(old) >= 1, f"ci.yml no longer has {old!r}: update the test"
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = check_jsonschema("vendor.github-workflows", broken)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Schema validation errors were encountered" in done.stdout
    assert f"broken.yml::{where}:" in done.stdout, done.stdout


# --- the project's commands ---------------------------------------------------------------------------


def readme_test_command() -> str:
    """The command in the README's Quickstart that runs the tests."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quickstart, re.S)
    assert block, "no sh block in the README's Quickstart"
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    tests = [c for c in commands if c and "test" in c.split()[-1]]
    assert len(tests) == 1, commands
    return tests[0]


def test_ci_runs_the_readmes_test_command_on_push_and_pull_request():
    command = readme_test_command()
    assert command == "make test"
    ci = load(CI)
    assert {"push", "pull_request"} <= set(ci["on"])
    test_job = ci["jobs"]["test"]
    assert "if" not in test_job  # every event, every pull request (no paths filter on the trigger either)
    assert not (ci["on"]["pull_request"] or {}).get("paths")
    assert [s["run"].strip() for s in test_job["steps"] if "run" in s][-1] == command
    # The same command as the project's own CI script.
    ci_run = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in [line.strip() for line in ci_run.splitlines()]


def test_ci_runs_on_debian_with_python_3_11():
    """The README's platform: Debian with Python 3.11 (the version of pyproject's tools)."""
    for job_id in ("test", "review"):
        image = load(CI)["jobs"][job_id]["container"]["image"]
        assert re.fullmatch(r"python:3\.11(\.\d+)?-(slim-)?bookworm", image), image
    assert 'target-version = "py311"' in (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")


OPERATOR = re.compile(r"[|&;()<>]+")
KEEPS_COMMAND_POSITION = {"if", "then", "else", "elif", "do", "while", "until", "!", "time", "exec"}


def kurils_invocations(script: str) -> list[list[str]]:
    """Every `kurils …` (or `python -m kurils …`) command in a shell script, as its argument lists."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            words = list(lexer)
        except ValueError:  # a quoted string over several lines: fine unless it hides a kurils call
            assert "kurils" not in line, f"cannot read this line of a run: step: {line!r}"
            continue
        command_position = True
        for i, word in enumerate(words):
            if OPERATOR.fullmatch(word):
                command_position = True
                continue
            module = word == "kurils" and i >= 2 and words[i - 1] == "-m"
            if (command_position and Path(word).name == "kurils") or module:
                args = []
                for arg in words[i + 1 :]:
                    if OPERATOR.fullmatch(arg):
                        break
                    args.append(arg)
                found.append(args)
            if word not in KEEPS_COMMAND_POSITION and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", word):
                command_position = False
    return found


def test_kurils_invocations_are_found():
    script = 'status=0\n.venv/bin/kurils review --base "origin/$B" --head HEAD --out review/ || status=$?\n'
    assert kurils_invocations(script) == [["review", "--base", "origin/$B", "--head", "HEAD", "--out", "review/"]]
    assert kurils_invocations("python -m kurils validate geodata > out.txt") == [["validate", "geodata"]]
    assert kurils_invocations("echo see the kurils-review artifact; pip install kurils # kurils x") == []
    assert kurils_invocations("if true; then KURILS_GEODATA=g kurils status --at 1900-01-01; fi") == [
        ["status", "--at", "1900-01-01"]
    ]


def parse_with_the_real_cli(args: list[str]) -> argparse.Namespace:
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            return cli.parser().parse_args(args)
    except SystemExit:
        raise AssertionError(f"kurils {shlex.join(args)}: {errors.getvalue().strip()}") from None


def test_every_kurils_command_in_a_workflow_parses_with_the_real_cli():
    """Each `kurils` call in a `run:` step has a subcommand and options that kurils.cli's parser accepts."""
    calls = [
        (path.name, job_id, args)
        for path in FILES
        for job_id, step in steps(load(path))
        if "run" in step
        for args in kurils_invocations(step["run"])
    ]
    assert calls, "no workflow runs kurils"
    for name, job_id, args in calls:
        assert args and not args[0].startswith("-"), f"{name}:{job_id}: kurils without a subcommand"
        parsed = parse_with_the_real_cli(args)
        assert parsed.command == args[0], (name, job_id, args)


def test_the_review_command_is_the_one_the_cli_defines():
    """The review step runs `kurils review --base origin/<base> --head HEAD --out review/`, and it parses."""
    review = step_with_id(load(CI)["jobs"]["review"], "review")
    (args,) = kurils_invocations(review["run"])
    parsed = parse_with_the_real_cli(args)
    assert parsed.command == "review"
    assert args[args.index("--base") + 1] == "origin/$BASE_REF"
    assert review["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert args[args.index("--head") + 1] == "HEAD"
    assert args[args.index("--out") + 1].rstrip("/") == "review"


# --- the geodata review ----------------------------------------------------------------------------------


def test_the_review_runs_only_for_pull_requests_that_change_geodata():
    job = load(CI)["jobs"]["review"]
    assert job["if"] == "github.event_name == 'pull_request'"
    names = [s.get("id") or s.get("uses") or s.get("name") for s in job["steps"]]
    gate = names.index("changes")
    assert gate < names.index("review")
    for step in job["steps"][gate + 1 :]:
        assert "steps.changes.outputs.geodata == 'true'" in step.get("if", ""), step
    # The base branch is fetched before the gate needs it, and no credentials are left for the PR's code.
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def pull_request(tmp_path, monkeypatch):
    """A repository with a base branch (origin/main) and HEAD a commit that changes the given files."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "ci")
    for name in ("geodata/events.csv", "README.md", "docs/geodata/notes.md"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("base\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")

    def change(*names: str, delete: bool = False) -> Path:
        for name in names:
            if delete:
                (repo / name).unlink()
            else:
                (repo / name).parent.mkdir(parents=True, exist_ok=True)
                (repo / name).write_text("head\n", encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "head")
        return repo

    return change


def run_gate(repo: Path, tmp_path: Path, base: str = "main") -> subprocess.CompletedProcess[str]:
    """The gate step's script as GitHub runs it (`shell: bash`: bash -eo pipefail), with its env."""
    ci = load(CI)
    assert ci["defaults"]["run"]["shell"] == "bash"
    gate = step_with_id(ci["jobs"]["review"], "changes")
    assert gate["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    env = {**os.environ, "BASE_REF": base, "GITHUB_OUTPUT": str(output)}
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", gate["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    done.stdout += output.read_text(encoding="utf-8")
    return done


@pytest.mark.parametrize(
    ("changed", "delete", "expected"),
    [
        (["geodata/events.csv"], False, "true"),
        (["geodata/new.geojson"], False, "true"),
        (["geodata/events.csv"], True, "true"),
        (["README.md"], False, "false"),
        (["docs/geodata/notes.md", "geodata.md"], False, "false"),
        (["README.md", "geodata/events.csv"], False, "true"),
    ],
)
def test_the_gate_says_whether_geodata_changed(pull_request, tmp_path, changed, delete, expected):
    done = run_gate(pull_request(*changed, delete=delete), tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"geodata={expected}"


def test_the_gate_fails_without_the_base_branch(pull_request, tmp_path):
    done = run_gate(pull_request("geodata/events.csv"), tmp_path, base="no-such-branch")
    assert done.returncode != 0
    assert "geodata=" not in done.stdout


def test_a_review_that_does_not_validate_is_uploaded_then_fails_the_job():
    """Exit 1 (head does not validate) does not stop the step: the artifact is uploaded, then the job ends red."""
    job = load(CI)["jobs"]["review"]
    review = step_with_id(job, "review")
    assert "|| status=$?" in review["run"] and 'echo "status=$status" >> "$GITHUB_OUTPUT"' in review["run"]
    assert "continue-on-error" not in review  # that would leave the job green
    after = job["steps"][job["steps"].index(review) + 1 :]
    upload = [s for s in after if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(upload) == 1
    assert upload[0]["with"]["name"] == ARTIFACT and upload[0]["with"]["path"].rstrip("/") == "review"
    assert "steps.review.outcome == 'success'" in upload[0]["if"]
    last = job["steps"][-1]
    assert "steps.review.outputs.status == '1'" in last["if"] and "exit 1" in last["run"]


# --- the comment and its security model ----------------------------------------------------------------------


def test_no_workflow_runs_with_a_write_token_on_pull_request_code():
    for path in FILES:
        workflow = load(path)
        assert "pull_request_target" not in workflow["on"], path.name
        assert "permissions" in workflow, f"{path.name}: no top-level permissions (the default may be write-all)"
        for job_id, job in workflow["jobs"].items():
            granted = {**(workflow["permissions"] or {}), **job.get("permissions", {})}
            writes = {scope for scope, level in granted.items() if level == "write"}
            assert writes <= {"pull-requests"}, (path.name, job_id, writes)
            if writes:
                # Only the workflow_run comment job writes; it runs no checkout and no shell.
                assert set(workflow["on"]) == {"workflow_run"}, path.name
                for step in job["steps"]:
                    assert "run" not in step, (path.name, job_id, step)
                    assert not step.get("uses", "").startswith("actions/checkout@"), (path.name, job_id)


def test_the_ci_workflow_reads_only():
    ci = load(CI)
    assert ci["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in ci["jobs"].values())


def test_the_comment_workflow_follows_the_ci_run_and_its_artifact():
    ci, comment = load(CI), load(COMMENT)
    trigger = comment["on"]["workflow_run"]
    assert trigger["workflows"] == [ci["name"]] and trigger["types"] == ["completed"]
    assert comment["permissions"] == {}
    job = comment["jobs"]["comment"]
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    download = [s for s in job["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    assert len(download) == 1
    assert download[0]["with"]["name"] == ARTIFACT
    assert download[0]["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert not download[0]["with"]["path"].startswith(("${{ github.workspace", ".", "/"))  # runner.temp
    scripts = "\n".join(s["with"]["script"] for s in job["steps"] if "script" in s.get("with", {}))
    assert f"'{ARTIFACT}'" in scripts
    # One comment, found again by its marker among the bot's own comments, edited in place.
    assert "<!-- kurils-geodata-review -->" in scripts and "updateComment" in scripts
    assert "github-actions[bot]" in scripts
    # The pull request comes from GitHub's record of the run, and an outdated run posts nothing.
    assert "p.head.sha === run.head_sha" in scripts
    # The artifact's text is read as a regular file only (a crafted artifact's symlink is not followed).
    assert "lstatSync" in scripts and "isFile()" in scripts


# --- hygiene -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_pinned_and_superseded_runs_cancelled(path):
    workflow = load(path)
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "${{" in workflow["concurrency"]["group"]
    for job_id, step in steps(workflow):
        if "uses" in step:
            action, _, version = step["uses"].partition("@")
            assert re.fullmatch(r"v\d+(\.\d+){0,2}|[0-9a-f]{40}", version), (path.name, job_id, step["uses"])
            assert action.startswith("actions/"), (path.name, job_id, step["uses"])  # GitHub's own actions only
    for job_id, job in workflow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 60, (path.name, job_id)


# --- the comment workflow's scripts, run in Node against a fake GitHub API --------------------------------------

HARNESS = r"""
const fs = require('fs');
const scenario = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const script = fs.readFileSync(process.argv[3], 'utf8');
const calls = [];
const outputs = {};
const endpoint = (name) => {
  const call = async (params) => {
    calls.push([name, params]);
    return { data: { html_url: `https://example.org/${name}` } };
  };
  call.endpointName = name;
  return call;
};
const github = {
  rest: {
    pulls: { list: endpoint('pulls.list') },
    actions: { listWorkflowRunArtifacts: endpoint('actions.listWorkflowRunArtifacts') },
    issues: {
      listComments: endpoint('issues.listComments'),
      updateComment: endpoint('issues.updateComment'),
      createComment: endpoint('issues.createComment'),
    },
  },
  paginate: async (call, params) => {
    calls.push([call.endpointName, params]);
    return scenario.lists[call.endpointName] || [];
  },
};
const context = { payload: { workflow_run: scenario.run }, repo: { owner: 'kurils', repo: 'atlas' } };
const core = { setOutput: (key, value) => { outputs[key] = value; }, info: () => {} };
Object.assign(process.env, scenario.env || {});
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('github', 'context', 'core', 'require', script)(github, context, core, require).then(
  () => console.log(JSON.stringify({ outputs, calls })),
  (error) => { console.error(error); process.exit(1); },
);
"""

HEAD = "c0ffee" + "0" * 34
RUN = {
    "id": 99,
    "run_number": 12,
    "head_sha": HEAD,
    "head_repository": {"full_name": "someone/atlas"},
    "html_url": "https://github.com/kurils/atlas/actions/runs/99",
    "conclusion": "failure",
}
PULL = {"number": 7, "head": {"sha": HEAD, "repo": {"full_name": "someone/atlas"}}}
MARKER = "<!-- kurils-geodata-review -->"


def comment_script(step_id: str) -> str:
    script: str = step_with_id(load(COMMENT)["jobs"]["comment"], step_id)["with"]["script"]
    return script


def run_script(
    step_id: str, tmp_path: Path, lists: dict[str, Any], env: dict[str, str] | None = None
) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node (make test installs it for ESLint)")
    harness, scenario, script = tmp_path / "harness.js", tmp_path / "scenario.json", tmp_path / "script.js"
    harness.write_text(HARNESS, encoding="utf-8")
    scenario.write_text(json.dumps({"run": RUN, "lists": lists, "env": env or {}}), encoding="utf-8")
    script.write_text(comment_script(step_id), encoding="utf-8")
    done = subprocess.run([node, str(harness), str(scenario), str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def writes(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, params) for name, params in result["calls"] if name in ("issues.createComment", "issues.updateComment")
    ]


def test_find_names_the_pull_request_at_the_runs_head_and_its_review(tmp_path):
    other = {"number": 3, "head": {"sha": "f" * 40, "repo": {"full_name": "someone/atlas"}}}
    artifacts = [{"id": 41, "name": "other", "expired": False}, {"id": 42, "name": ARTIFACT, "expired": False}]
    result = run_script("find", tmp_path, {"pulls.list": [other, PULL], "actions.listWorkflowRunArtifacts": artifacts})
    assert result["outputs"] == {"pull": "7", "artifact-id": "42"}
    no_review = run_script("find", tmp_path, {"pulls.list": [PULL], "actions.listWorkflowRunArtifacts": artifacts[:1]})
    assert no_review["outputs"] == {"pull": "7", "artifact-id": ""}


@pytest.mark.parametrize(
    "pulls",
    [
        [],  # closed
        [{"number": 7, "head": {"sha": "f" * 40, "repo": {"full_name": "someone/atlas"}}}],  # pushed to since
        [{"number": 8, "head": {"sha": HEAD, "repo": {"full_name": "mallory/atlas"}}}],  # same commit, other fork
        [{"number": 9, "head": {"sha": HEAD, "repo": None}}],  # its fork deleted
    ],
)
def test_find_names_no_pull_request_for_an_outdated_or_foreign_run(pulls, tmp_path):
    artifacts = [{"id": 42, "name": ARTIFACT, "expired": False}]
    result = run_script("find", tmp_path, {"pulls.list": pulls, "actions.listWorkflowRunArtifacts": artifacts})
    assert result["outputs"] == {}


def review_dir(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "geodata-review"
    folder.mkdir()
    (folder / "review.md").write_text(text, encoding="utf-8")
    return folder


def post_env(folder: Path, artifact: str = "42") -> dict[str, str]:
    return {"PULL": "7", "ARTIFACT_ID": artifact, "REVIEW_DIR": str(folder)}


def test_post_creates_one_comment_with_the_review(tmp_path):
    folder = review_dir(tmp_path, "## Geodata review\n\nevents.csv:row 3: bad date, says @maintainer\n")
    result = run_script("post", tmp_path, {"issues.listComments": []}, post_env(folder))
    ((name, params),) = writes(result)
    assert name == "issues.createComment" and params["issue_number"] == 7
    body = params["body"]
    assert body.startswith(MARKER) and "events.csv:row 3: bad date" in body
    assert "@maintainer" not in body and "@\u200bmaintainer" in body  # no notification from a pull request's text
    assert f"{RUN['html_url']}/artifacts/42" in body and HEAD[:7] in body


def test_post_updates_the_bots_comment_and_no_one_elses(tmp_path):
    folder = review_dir(tmp_path, "all good\n")
    comments = [
        {"id": 1, "user": {"login": "mallory"}, "body": f"{MARKER} planted"},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "an unrelated bot comment"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": f"{MARKER}\nthe last review"},
    ]
    result = run_script("post", tmp_path, {"issues.listComments": comments}, post_env(folder))
    ((name, params),) = writes(result)
    assert name == "issues.updateComment" and params["comment_id"] == 3 and "all good" in params["body"]


def test_post_without_a_review_only_corrects_an_earlier_comment(tmp_path):
    folder = tmp_path / "none"
    assert writes(run_script("post", tmp_path, {"issues.listComments": []}, post_env(folder, artifact=""))) == []
    earlier = [{"id": 3, "user": {"login": "github-actions[bot]"}, "body": f"{MARKER}\nthe last review"}]
    result = run_script("post", tmp_path, {"issues.listComments": earlier}, post_env(folder, artifact=""))
    ((name, params),) = writes(result)
    assert name == "issues.updateComment" and "No geodata review" in params["body"]


def test_post_reads_no_symlink_and_cuts_a_long_review(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("GITHUB_TOKEN=ghs_secret", encoding="utf-8")
    folder = tmp_path / "geodata-review"
    folder.mkdir()
    (folder / "review.md").symlink_to(secret)
    ((_, params),) = writes(run_script("post", tmp_path, {"issues.listComments": []}, post_env(folder)))
    assert "ghs_secret" not in params["body"] and "not a regular file" in params["body"]

    long = tmp_path / "long"
    long.mkdir()
    (long / "review.md").write_text("x" * 200_000, encoding="utf-8")
    ((_, params),) = writes(run_script("post", tmp_path, {"issues.listComments": []}, post_env(long)))
    assert len(params["body"]) <= 65_536 and "cut here" in params["body"]
