"""Project tasks: `invoke --list` shows them. The Makefile bootstraps .venv and then calls these."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PYTHON = sys.executable
CAMPAIGN_HELP_KEY = "campaign"
CAMPAIGN_HELP_TEXT = "Campaign folder (content/, data/, optional theme/). Default: this repository."


def _source_date_epoch() -> str:
    """The last commit's time, so a rebuild of the same commit writes the same bytes."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
        return out.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def campaign_env(campaign: str) -> dict:
    """The one way the campaign folder reaches pelicanconf.py: CAMPAIGN_DIR (the repository root by default)."""
    folder = Path(campaign).resolve() if campaign else ROOT
    if not (folder / "content").is_dir():
        from invoke.exceptions import Exit

        raise Exit(f"{campaign}: not a campaign folder (it has no content/ folder). A campaign is a folder with "
                   "content/ and data/; `invoke new-campaign DIR` makes one.", code=2)
    return {"CAMPAIGN_DIR": str(folder)}


def content_path(campaign: str, path: str) -> str:
    """The content folder: --path when given, else the campaign's content/."""
    return path or str((Path(campaign).resolve() if campaign else ROOT) / "content")


def pelican_args(settings: str, path: str, output: str, strict: bool) -> list[str]:
    args = [PYTHON, "-m", "pelican", path, "--settings", settings, "--output", output]
    if strict:
        # Pelican's own warnings (a broken link, a duplicate page) fail the build too.
        args += ["--fatal", "warnings"]
    return args


@task(iterable=["extra"], help={
    CAMPAIGN_HELP_KEY: CAMPAIGN_HELP_TEXT,
    "settings": "Settings file: pelicanconf.py for preview, publishconf.py for the public site.",
    "extra": "Override one setting, as KEY=JSON (for example DEFAULT_LANG='\"es\"'). Repeat for more.",
    "path": "Folder of Markdown content to build (default: the campaign's content/).",
    "output": "Folder to write the site into.",
    "strict": "Stop on Pelican warnings as well as errors (on by default; --no-strict to turn off).",
})
def build(c, campaign="", settings="pelicanconf.py", path="", output="output", strict=True, extra=None):
    """Build the site from the campaign's content/ and data/ into output/. Works offline."""
    env = {"SOURCE_DATE_EPOCH": _source_date_epoch(), **campaign_env(campaign)}
    args = pelican_args(settings, content_path(campaign, path), output, strict)
    if extra:
        # Pelican keeps only the last --extra-settings flag, so pass them all after one.
        args += ["--extra-settings", *extra]
    with c.cd(str(ROOT)):
        c.run(" ".join(_quote(arg) for arg in args), env=env, pty=False)
        index_search(c, output)


def index_search(c, output: str) -> None:
    """Build the site-search index into <output>/pagefind/ from the built pages (their data-pagefind-body).

    Only index files whose bytes changed are rewritten (plugins/incremental/search.py).
    """
    from invoke.exceptions import Exit

    sys.path.insert(0, str(ROOT / "plugins"))
    from incremental.search import index_search as run_pagefind

    result = run_pagefind(ROOT / output)
    if result.returncode != 0:
        raise Exit(f"The search index was not built: {(result.stderr or result.stdout).strip()}", code=1)


@task(help={
    CAMPAIGN_HELP_KEY: CAMPAIGN_HELP_TEXT,
    "output": "Built site folder to check (build it first with `invoke build`).",
    "settings": "Settings file whose CHECKS_* lines (budget, speed limits, viewports, Lighthouse minimums) apply.",
    "only": "Comma-separated checks to run: html, static, weight, performance, browser, lighthouse (default: all).",
    "json": "Also write every finding and the measured figures to this JSON file.",
    "fast": "Only the checks that read the files (html, static, weight, performance): seconds, no browser. "
            "For use while editing; tests and publishing run every check.",
})
def check(c, campaign="", output="output", settings="pelicanconf.py", only="", json="", fast=False):
    """Check a built site: valid HTML, accessibility (axe, Lighthouse), links, privacy, page weight and speed.

    Exits non-zero with a report naming each page, problem and fix. Needs Chromium, Java and `npm ci`
    (with --fast, only Java and `npm ci`).
    """
    from invoke.exceptions import Exit

    args = [PYTHON, "-m", "checks", "--output", output, "--settings", settings]
    if fast and only:
        raise Exit("invoke check: use --fast or --only, not both (--fast is --only html,static,weight,performance).",
                   code=2)
    if fast:
        sys.path.insert(0, str(ROOT))
        from checks.run import FAST_CHECKS

        only = ",".join(FAST_CHECKS)
    if only:
        args += ["--only", only]
    if json:
        args += ["--json", json]
    with c.cd(str(ROOT)):
        c.run(" ".join(_quote(arg) for arg in args), env=campaign_env(campaign), pty=False)


@task(help={CAMPAIGN_HELP_KEY: CAMPAIGN_HELP_TEXT, "port": "Port to serve on.", "bind": "Address to listen on.",
            "output": "Built site folder to serve."})
def serve(c, campaign="", port=8000, bind="127.0.0.1", output="output"):
    """Serve output/ at http://127.0.0.1:8000/ (build first with `make html`)."""
    with c.cd(str(ROOT)):
        c.run(f"{_quote(PYTHON)} -m pelican --listen --port {int(port)} --bind {_quote(bind)} --output {_quote(output)}",
              env=campaign_env(campaign), pty=False)


@task(help={
    CAMPAIGN_HELP_KEY: CAMPAIGN_HELP_TEXT,
    "port": "Port to serve on.",
    "bind": "Address to listen on.",
    "settings": "Settings file to build with.",
    "path": "Folder of Markdown content to build (default: the campaign's content/).",
    "output": "Folder to build the site into and serve.",
    "strict": "Stop on Pelican warnings as well as errors, as `invoke build` does (--no-strict to turn off).",
})
def livereload(c, campaign="", port=8000, bind="127.0.0.1", settings="pelicanconf.py", path="", output="output",
               strict=True):
    """Preview at http://127.0.0.1:8000/: rebuild after every save and reload the open page (see preview/)."""
    env = {"SOURCE_DATE_EPOCH": _source_date_epoch(), **campaign_env(campaign)}
    args = [PYTHON, "-m", "preview", "--root", str(ROOT), "--settings", settings, "--path", content_path(campaign, path),
            "--output", output,
            "--port", str(int(port)), "--bind", bind]
    if not strict:
        args.append("--no-strict")
    with c.cd(str(ROOT)):
        c.run(" ".join(_quote(arg) for arg in args), env=env, pty=False)


@task(help={
    "port": "Port of the preview site (the editor is at /admin/ there).",
    "backend-port": "Port of the editor's local backend (decap-server), which saves into the files here.",
    "bind": "Address to listen on. Keep 127.0.0.1: the local backend writes files without asking who it is.",
    "path": "Folder of Markdown content to build.",
    "output": "Folder to build the preview into.",
})
def admin(c, port=8000, backend_port=8081, bind="127.0.0.1", path="content", output="output"):
    """Edit the site in your browser without git: the editor at http://127.0.0.1:8000/admin/ saves straight
    into content/ and data/, and the preview is built again after every save. Stop with Ctrl+C."""
    from invoke.exceptions import Exit

    server = ROOT / "admin" / "node_modules" / ".bin" / "decap-server"
    if not server.exists():
        raise Exit("The editor is not installed. Run: make admin (it installs it first), "
                   "or: npm ci --prefix admin", code=2)
    preview = f"http://{bind}:{int(port)}"
    backend_url = f"http://{bind}:{int(backend_port)}/api/v1"
    # decap-server in its default "fs" mode writes files in the working folder, with no git commands.
    backend = subprocess.Popen([str(server)], cwd=ROOT, env={
        **os.environ, "GIT_REPO_DIRECTORY": str(ROOT), "PORT": str(int(backend_port)), "BIND_HOST": bind,
        "ORIGIN": preview, "LOG_LEVEL": "warn"})
    print(f"Editor: open {preview}/admin/ and press Login (local backend at {backend_url}). Ctrl+C stops both.",
          flush=True)
    args = [PYTHON, "-m", "pelican", path, "--settings", "pelicanconf.py", "--output", output, "--autoreload",
            "--listen", "--port", str(int(port)), "--bind", bind,
            "--extra-settings", f"EDITOR_LOCAL_BACKEND={_quote(json.dumps(backend_url))}"]
    try:
        with c.cd(str(ROOT)):
            c.run(" ".join(_quote(arg) if not arg.startswith("EDITOR_") else arg for arg in args),
                  env={"SOURCE_DATE_EPOCH": _source_date_epoch()}, pty=False, warn=True)
    finally:
        backend.terminate()
        try:
            backend.wait(timeout=10)
        except subprocess.TimeoutExpired:
            backend.kill()


@task
def clean(c):
    """Remove the built site and caches."""
    for folder in ("output", "cache", "__pycache__"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)


@task(help={"args": "Extra arguments for pytest, e.g. -k links."})
def test(c, args=""):
    """Run the test suite."""
    with c.cd(str(ROOT)):
        c.run(f"{_quote(PYTHON)} -m pytest {args}", pty=False)


# One lock per job, each installed on top of the one before into the same .venv: (lock, pyproject extra).
LOCKS = (("build", ""), ("check", "check"), ("publish", "publish"), ("test", "test"))
# Debian 12's own Python: the oldest the locks must install on (some newer releases need 3.11.5 or later).
LOCK_PYTHON = "3.11.2"


@task(help={"upgrade": "Move every package to its newest version allowed by pyproject.toml (default: keep the "
                       "pinned versions, and only add or drop what pyproject.toml changed)."})
def lock(c, upgrade=False):
    """Re-pin requirements/*.lock from pyproject.toml (uv pip compile); run after changing a dependency.

    test.lock, which has every package, is resolved first; the other locks take their versions from it, so a
    package has the same version in every lock.
    """
    uv = ROOT / ".uv" / "bin" / "uv"  # put there by the Makefile (make lock)
    base = [str(uv), "pip", "compile", "pyproject.toml", "--quiet", "--python-version", LOCK_PYTHON,
            "--custom-compile-command", "invoke lock"]
    with c.cd(str(ROOT)):
        for name, extra in sorted(LOCKS, key=lambda item: item[0] != "test"):
            args = [*base, "--output-file", f"requirements/{name}.lock"]
            if extra:
                args += ["--extra", extra]
            if name == "test":
                args += ["--upgrade"] if upgrade else []
            else:
                # Constrained by test.lock: the same version of every package in every lock.
                args += ["--constraint", "requirements/test.lock"]
            c.run(" ".join(_quote(arg) for arg in args), pty=False)


@task(help={
    CAMPAIGN_HELP_KEY: CAMPAIGN_HELP_TEXT,
    "target": "Where to publish: a [targets.NAME] in the deploy file. Default: its default_target.",
    "dry-run": "Build and check, then list what would be added, updated and deleted, without sending anything.",
    "config": "The deploy file that lists the targets (default: the campaign's data/deploy.toml).",
    "path": "Folder of Markdown content to build (default: the campaign's content/).",
    "output": "Folder to build the public site into before it is checked and published.",
})
def publish(c, campaign="", target="", dry_run=False, config="", path="", output="output"):
    """Build the public site with publishconf.py, check it, and publish it only if every check passes.

    Needs SITEURL (the public address). Credentials come from the environment only; see docs/developers/publishing.md.
    """
    from invoke.exceptions import Exit, UnexpectedExit

    sys.path.insert(0, str(ROOT / "plugins"))
    from publishing.config import DeployConfigError, choose_target, load_deploy_config
    from publishing.deploy import PublishError, PublishRefused, check_command, make_target, publish_site
    from publishing.gate import check_no_examples, run_check_command

    siteurl = os.environ.get("SITEURL", "").strip()
    if not siteurl:
        raise Exit("Not published: SITEURL is not set. Set it to the site's public address, for example:\n"
                   "  SITEURL=https://example.org make publish", code=2)
    folder = Path(campaign).resolve() if campaign else ROOT
    refusal = _unpublishable(folder)
    if refusal:
        raise Exit(refusal, code=1)
    config = config or str(folder / "data" / "deploy.toml")
    config_path = ROOT / config
    path = content_path(campaign, path)
    try:
        deploy_config = load_deploy_config(config_path, shown=config)
        chosen = choose_target(deploy_config, target or None)
        publisher = make_target(chosen, ROOT, siteurl)
    except DeployConfigError as error:
        raise Exit("Not published: the deploy file has mistakes.\n" + str(error), code=2) from None
    except PublishError as error:
        raise Exit(f"Not published: {error}", code=2) from None

    print(f"1/3 Building the public site into {output}/ (publishconf.py, no example content)")
    # The build task itself, so every step a build has (now or later) is part of what gets published.
    try:
        build(c, campaign=campaign, settings="publishconf.py", path=path, output=output, strict=True)
    except UnexpectedExit:
        raise Exit("Not published: the build failed (see above). The published site was not changed.",
                   code=1) from None

    site = (ROOT / output).resolve()
    content = (ROOT / path).resolve()
    command = check_command(deploy_config.check)
    print("2/3 Checking the built site")
    checks = [lambda: check_no_examples(site, content), lambda: run_check_command(command, site, ROOT)]
    try:
        publish_site(site, publisher, checks, dry_run=dry_run)
    except PublishRefused as error:
        raise Exit(str(error), code=1) from None
    except PublishError as error:
        raise Exit(f"Not published: {error}. The live site is still the last complete publish; "
                   "run `make publish` again.", code=1) from None


class _MaskCredentials:
    """A logging filter: the user part of any address in a log line is shown as ***."""

    def filter(self, record) -> bool:
        from sources.links import mask_credentials

        record.msg, record.args = mask_credentials(record.getMessage()), ()
        return True


def _campaign_timezone(folder: Path) -> str:
    """The campaign's time zone (data/site.toml), for source dates written without one: there is no other default."""
    import tomllib

    from invoke.exceptions import Exit

    try:
        zone = tomllib.loads((folder / "data" / "site.toml").read_text(encoding="utf-8")).get("timezone")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        zone = None
    if not isinstance(zone, str) or not zone.strip():
        raise Exit('data/site.toml: timezone: is missing or cannot be read, and source dates without one are read in '
                   'it. Add a line like: timezone = "America/Chicago" (`invoke build` names any other mistake).', code=2)
    return zone.strip()


def _unpublishable(folder: Path) -> str:
    """Why the campaign in `folder` must not be published ("" when it may): an example campaign (site.toml says
    example = true, or it lives in examples/), or placeholders (FILL IN) still to fill in. Checked before building."""
    import tomllib

    sys.path.insert(0, str(ROOT / "plugins"))
    from campaign.placeholders import find_placeholders

    shown = _shown(folder)
    try:
        example = tomllib.loads((folder / "data" / "site.toml").read_text(encoding="utf-8")).get("example") is True
    except (OSError, tomllib.TOMLDecodeError):
        example = False  # the build reports a missing or broken site.toml with its line
    if example or (ROOT / "examples") in folder.parents:
        return (f"Not published: {shown} is an example campaign ({'its data/site.toml says example = true' if example else 'it is in examples/'}). "
                "Examples show how the site works and are never published. Nothing was built or sent.")
    left = find_placeholders(folder)
    if left:
        lines = "\n".join("  " + placeholder.message() for placeholder in left)
        return (f"Not published: {shown} still has {len(left)} placeholder{'s' if len(left) != 1 else ''} to fill in. "
                f"Nothing was built or sent.\n{lines}")
    return ""


def _shown(folder: Path) -> str:
    try:
        return str(folder.relative_to(ROOT)) or "."
    except ValueError:
        return str(folder)


def _quote(value: str) -> str:
    import shlex

    return shlex.quote(str(value))


@task(help={"lang": "Language code of a catalog to create or update, for example es."})
def messages(c, lang=""):
    """Collect theme strings into theme/translations/messages.pot, and create or update a language's catalog.

    Then write each new translation on the msgstr line under its msgid in
    theme/translations/LANG/LC_MESSAGES/messages.po; the build compiles the catalog and names any string
    still untranslated (docs/organizers/translate-a-page.md).
    """
    translations = ROOT / "theme" / "translations"
    pybabel = f"{_quote(PYTHON)} -m babel.messages.frontend"
    with c.cd(str(ROOT)):
        c.run(f"{pybabel} extract --no-location --omit-header -F babel.cfg -o {translations}/messages.pot theme/templates pelicanconf.py plugins",
              pty=False)
        if lang:
            catalog = translations / lang / "LC_MESSAGES" / "messages.po"
            # No guessed ("fuzzy") translations: a guess from a similar sentence is usually wrong.
            action = "update --no-fuzzy-matching" if catalog.exists() else "init"
            c.run(f"{pybabel} {action} -i {translations}/messages.pot -d {translations} -l {_quote(lang)} --width 120",
                  pty=False)


@task(help={
    CAMPAIGN_HELP_KEY: CAMPAIGN_HELP_TEXT,
    "only": "Fetch only this source (by name; repeat or separate with commas for several).",
    "strict": "Exit with an error when any source failed and its old snapshot was kept (for CI).",
    "config": "Source configuration file to use (default: the campaign's data/sources.toml).",
    "force": "Accept a new snapshot even when its record count fell by more than half.",
    "types": "List the source types that can be used in the configuration, and stop.",
    "debug": "Show details (each request, and tracebacks of unexpected errors).",
}, iterable=["only"])
def refresh(c, campaign="", only=None, strict=False, config="", force=False, types=False, debug=False):
    """Fetch every configured data source and update data/snapshots/ when the new data is good. Uses the network."""
    import logging

    sys.path.insert(0, str(ROOT / "plugins"))
    from sources.refresh import refresh as run_refresh
    from sources.registry import source_types

    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_MaskCredentials())
    if not debug:
        # Each retry is logged by urllib3; the report line already says what finally happened.
        logging.getLogger("urllib3").setLevel(logging.ERROR)
    if types:
        for name, source_type in sorted(source_types().items()):
            print(f"{name}: {source_type.description}")
        return
    folder = Path(campaign).resolve() if campaign else ROOT
    config = config or str(folder / "data" / "sources.toml")
    config_path = Path(config) if Path(config).is_absolute() else ROOT / config
    report = run_refresh(config_path, only=only or None, force=force, timezone=_campaign_timezone(folder),
                         folder=folder)
    code = report.exit_code(strict)
    if code:
        if code == 1:
            print(f"refresh --strict: {len(report.failed)} source(s) kept old data (see above).", file=sys.stderr)
        sys.exit(code)


@task(help={
    "directory": "Folder to create for the new campaign (must not exist yet, or be empty).",
    "name": "The campaign's name, as people will see it, for example \"Springfield Tenants United\".",
    "city": "The city the campaign is in, for example Springfield.",
    "timezone": "The city's time zone, a name from the tz database, for example America/Chicago.",
}, positional=["directory"])
def new_campaign(c, directory, name="", city="", timezone=""):
    """Write a blank starter campaign (home, about, take action with one letter, one example event, empty figures,
    a council file) that builds and passes the quality gate at once. Its placeholders say FILL IN."""
    from invoke.exceptions import Exit

    sys.path.insert(0, str(ROOT / "plugins"))
    from campaign.placeholders import find_placeholders
    from campaign.starter import StarterError, write_starter

    try:
        folder = write_starter(ROOT / "starter", Path(directory), name=name, city=city, timezone=timezone)
    except StarterError as error:
        raise Exit(f"new-campaign: {error}", code=2) from None
    left = find_placeholders(folder)
    print(f"Wrote a new campaign for {name} in {folder}/.\n"
          f"Build it:    .venv/bin/invoke build --campaign {_quote(directory)} --output {_quote(directory)}-out\n"
          f"Preview it:  make livereload CAMPAIGN={_quote(directory)}\n"
          f"Then fill in the {len(left)} placeholders (every build lists them; docs/new-campaign.md says how).")
