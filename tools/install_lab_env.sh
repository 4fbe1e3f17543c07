#!/usr/bin/env bash
# Installs the lecturers' JupyterLab environment into $1 (a cache folder outside the clone), with
# python $2. Run under flock by `make lab-env`; `.installed` marks a finished install, so an
# interrupted one is started again from scratch.
set -euo pipefail
env_dir=$1; python=${2:-python3}
[ -e "$env_dir/.installed" ] && exit 0
started=$SECONDS
echo "== Setting up the lecturers' JupyterLab in $env_dir (once per machine, a few minutes)"
rm -rf "$env_dir"
echo "== 1/2 creating a virtual environment"
"$python" -m venv "$env_dir"
echo "== 2/2 installing JupyterLab, jupyterlab-myst and the book's pinned packages (requirements-lab.txt)"
"$env_dir/bin/python" -m pip install --disable-pip-version-check --progress-bar on -r requirements-lab.txt
touch "$env_dir/.installed"
echo "== JupyterLab environment ready after $((SECONDS - started)) s"
