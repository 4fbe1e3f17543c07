"""Sphinx extension: one setting, the public repository's URL, turns on every link that needs it.

The URL is ``repository.url`` in ``_config.yml``, or the environment variable
``SPINEBOOK_REPOSITORY_URL`` (which wins; the deploy workflow sets it to the repository it runs in,
so a fork publishes links to itself). With a URL, each page gets the theme's "repository",
"open issue" and "edit this page" buttons, and each chapter a Binder launch button and, when a hub
is configured (``launch_buttons.jupyterhub_url`` or ``SPINEBOOK_JUPYTERHUB_URL``), a JupyterHub
one (nbgitpuller), both opening the chapter in JupyterLab. Without a URL none of them is shown:
the theme would otherwise need the buttons switched off by hand, and fails on a Binder URL without
a repository. The ``.ipynb`` download is on either way (``html.use_download_button``).

The branch is ``repository.branch`` (or ``SPINEBOOK_REPOSITORY_BRANCH``), ``main`` by default.
"""

from __future__ import annotations

import os

from sphinx.errors import ConfigError

URL_VARIABLE = "SPINEBOOK_REPOSITORY_URL"
BRANCH_VARIABLE = "SPINEBOOK_REPOSITORY_BRANCH"
HUB_VARIABLE = "SPINEBOOK_JUPYTERHUB_URL"
#: The environment variables this extension reads (the build's up-to-date check hashes them).
VARIABLES = (URL_VARIABLE, BRANCH_VARIABLE, HUB_VARIABLE)
BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")
LAUNCH_URLS = ("binderhub_url", "jupyterhub_url")


def repository_settings(theme_options: dict, environ=os.environ) -> dict:
    """The theme options with the repository's links switched on or off by its URL."""
    options = dict(theme_options)
    launch = dict(options.get("launch_buttons") or {})
    url = (environ.get(URL_VARIABLE) or options.get("repository_url") or "").strip().rstrip("/")
    if url.endswith(".git"):
        url = url[:-len(".git")]
    if url and (not url.startswith("https://") or url.count("/") < 4):
        raise ConfigError(f"The repository URL must look like https://github.com/OWNER/REPOSITORY, not {url!r} "
                          f"(repository.url in _config.yml or {URL_VARIABLE}).")
    hub = (environ.get(HUB_VARIABLE) or launch.get("jupyterhub_url") or "").strip().rstrip("/")
    if url:
        options["repository_url"] = url
        options["repository_branch"] = environ.get(BRANCH_VARIABLE) or options.get("repository_branch") or "main"
        options.setdefault("path_to_docs", "")
        options.update({button: True for button in BUTTONS})
        launch["jupyterhub_url"] = hub
    else:
        options.pop("repository_url", None)
        options.update({button: False for button in BUTTONS})
        launch.update({key: "" for key in LAUNCH_URLS})
    options["launch_buttons"] = launch
    return options


def _configure(app, config):
    config.html_theme_options = repository_settings(config.html_theme_options)


def setup(app):
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
