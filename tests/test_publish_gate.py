"""The publish gate: example content never published, a failing check refuses the deploy, clear config errors."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_content, run_build
from publish_helpers import SITEURL, build_public_site
from publishing.config import DeployConfigError, choose_target, load_deploy_config
from publishing.deploy import PublishRefused, publish_site
from publishing.directory import DirectoryTarget
from publishing.gate import check_no_examples

INVOKE = str(Path(sys.executable).parent / "invoke")

EXAMPLE_UPDATE = """Title: Example rally at City Hall
Date: 2025-09-01
Example: yes
Summary: A sample update that shows how to write one.

This is sample text.
"""
EXAMPLE_PAGE = """Title: Example volunteer page
Example: yes
Summary: A sample page.

Sample page text.
"""


@pytest.fixture(scope="module")
def content_with_examples(tmp_path_factory):
    content = copy_content(tmp_path_factory.mktemp("examples"))
    (content / "updates" / "2025-09-01-example-rally.md").write_text(EXAMPLE_UPDATE, encoding="utf-8")
    (content / "pages" / "example-volunteer.md").write_text(EXAMPLE_PAGE, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def preview_with_examples(content_with_examples, tmp_path_factory):
    """The examples built for preview (pelicanconf.py), where they show with their label."""
    preview = run_build(tmp_path_factory.mktemp("preview") / "output", content=content_with_examples)
    assert preview.returncode == 0, preview.messages
    return preview.output


def all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def test_example_content_shows_in_previews_and_never_in_the_public_build(content_with_examples,
                                                                        preview_with_examples, tmp_path):
    assert (preview_with_examples / "updates" / "example-rally-at-city-hall" / "index.html").is_file()
    assert "Example rally at City Hall" in (preview_with_examples / "index.html").read_text(encoding="utf-8")

    public = build_public_site(tmp_path, "public", content_with_examples)
    text = all_text(public)
    for words in ("Example rally at City Hall", "Example volunteer page", "example-rally-at-city-hall",
                  "example-volunteer-page"):
        assert words not in text, f"{words!r} reached the public build"
    assert check_no_examples(public, content_with_examples).passed


def test_the_gate_finds_example_pages_by_label_and_by_source(content_with_examples, preview_with_examples):
    result = check_no_examples(preview_with_examples, content_with_examples)
    assert not result.passed
    assert "updates/example-rally-at-city-hall/index.html: shows" in result.report
    assert "example-volunteer-page/index.html: is the example" in result.report
    assert "example-volunteer.md (Example: yes)" in result.report
    # Feeds and calendars have no labels: the example's title is enough to find it there.
    assert 'feeds/updates.atom.xml: names the example' in result.report
    assert '("Example rally at City Hall", Example: yes)' in result.report


def tree(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_site_with_examples_is_refused_and_the_live_site_is_unchanged(content_with_examples, preview_with_examples,
                                                                        public_sites, tmp_path):
    served = tmp_path / "www"
    DirectoryTarget(served).publish(public_sites.first)
    before = tree(served)

    with pytest.raises(PublishRefused) as refused:
        publish_site(preview_with_examples, DirectoryTarget(served),
                     [lambda: check_no_examples(preview_with_examples, content_with_examples)],
                     say=lambda _line: None)
    assert "Not published: the built site failed 1 check. The published site was not changed." in str(refused.value)
    assert tree(served) == before


# --- The command organizers and CI run: `invoke publish` ---

FAILING_CHECK = """import sys
print("index.html: img: the image has no alt text. Add alt text that says what the image shows.")
sys.exit(1)
"""


def write_deploy_file(tmp_path: Path, check_script: str, served: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    script = tmp_path / "check.py"
    script.write_text(check_script, encoding="utf-8")
    config = tmp_path / "deploy.toml"
    config.write_text(f'check = ["{sys.executable}", "{script}", "{{site}}"]\n'
                      f'[targets.folder]\ntype = "directory"\npath = "{served}"\n', encoding="utf-8")
    return config


def invoke_publish(config: Path, output: Path, *extra: str, siteurl: str = SITEURL):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "SITEURL": siteurl}
    return subprocess.run([INVOKE, "publish", "--config", str(config), "--target", "folder",
                           "--output", str(output), *extra], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_invoke_publish_refuses_a_build_that_fails_the_check(tmp_path):
    served = tmp_path / "www"
    passing = write_deploy_file(tmp_path / "pass", "import sys\nsys.exit(0)\n", served)
    first = invoke_publish(passing, tmp_path / "out1")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "check: quality check: passed" in first.stdout
    before = tree(served)

    failing = write_deploy_file(tmp_path / "fail", FAILING_CHECK, served)
    refused = invoke_publish(failing, tmp_path / "out2")

    assert refused.returncode == 1
    assert "Not published: the built site failed 1 check. The published site was not changed." in refused.stderr
    assert "index.html: img: the image has no alt text." in refused.stderr
    assert "Traceback" not in refused.stderr
    assert tree(served) == before


def test_invoke_publish_dry_run_lists_changes_and_changes_nothing(tmp_path):
    served = tmp_path / "www"
    config = write_deploy_file(tmp_path, "import sys\nsys.exit(0)\n", served)
    result = invoke_publish(config, tmp_path / "out", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  add index.html" in result.stdout
    assert "Would change: " in result.stdout
    assert not served.exists()


def test_invoke_publish_needs_siteurl(tmp_path):
    config = write_deploy_file(tmp_path, "import sys\nsys.exit(0)\n", tmp_path / "www")
    result = invoke_publish(config, tmp_path / "out", siteurl="")
    assert result.returncode == 2
    assert "Not published: SITEURL is not set." in result.stderr
    assert not (tmp_path / "out").exists()


# --- The deploy file ---

@pytest.mark.parametrize("text, message", [
    ('[targets.s3]\ntype = "s3"\nbucket = "b"\naws_secret_access_key = "abc"\n',
     "deploy.toml:4: targets.s3.aws_secret_access_key: looks like a password or key, and the deploy file is "
     "public. Delete this line. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"),
    ('[targets.www]\ntype = "ftp"\n',
     "deploy.toml:2: targets.www.type: 'ftp' is not a kind of target. Use one of: github-pages, s3, directory."),
    ('[targets.www]\ntype = "directory"\n',
     'deploy.toml:1: targets.www.path: is missing. Add it to [targets.www], for example: path = "..."'),
    ('[targets.www]\ntype = "directory"\npath = "/srv"\nbukcet = "x"\n',
     "deploy.toml:4: targets.www.bukcet: is not a setting of a directory target. Use one of: description, keep, path."),
    ('default_target = "live"\n[targets.www]\ntype = "directory"\npath = "/srv"\n',
     "deploy.toml:1: default_target: names 'live', but there is no [targets.live]. Use one of: www."),
    ('[targets.www\ntype = "directory"\n', "deploy.toml:1: is not valid TOML"),
])
def test_deploy_file_mistakes_are_named_with_line_and_fix(tmp_path, text, message):
    path = tmp_path / "deploy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeployConfigError) as error:
        load_deploy_config(path, environ={}, shown="deploy.toml")
    assert message in str(error.value)


def test_an_unset_variable_matters_only_for_the_chosen_target(tmp_path):
    path = tmp_path / "deploy.toml"
    path.write_text('[targets.s3]\ntype = "s3"\nbucket = "${S3_BUCKET}"\n'
                    '[targets.www]\ntype = "directory"\npath = "${WWW:-/srv/site}"\n', encoding="utf-8")
    config = load_deploy_config(path, environ={}, shown="deploy.toml")
    assert choose_target(config, "www").get("path") == "/srv/site"
    with pytest.raises(DeployConfigError, match="deploy.toml:3: targets.s3.bucket: needs the environment variable "
                                                "S3_BUCKET, which is not set."):
        choose_target(config, "s3")
    config = load_deploy_config(path, environ={"S3_BUCKET": "site-bucket"}, shown="deploy.toml")
    assert choose_target(config, "s3").get("bucket") == "site-bucket"


def test_the_shipped_deploy_file_is_valid():
    config = load_deploy_config(ROOT / "data" / "deploy.toml", environ={"S3_BUCKET": "b"})
    assert set(config.targets) == {"github-pages", "s3", "server-folder"}
    assert config.targets[config.default_target].type == "github-pages"


def test_invoke_publish_refuses_when_the_build_fails(tmp_path):
    served = tmp_path / "www"
    config = write_deploy_file(tmp_path, "import sys\nsys.exit(0)\n", served)
    content = copy_content(tmp_path)
    (content / "updates" / "2025-09-02-broken.md").write_text("Title: Broken\nDate: next Friday\n\nText.\n",
                                                              encoding="utf-8")
    result = invoke_publish(config, tmp_path / "out", "--path", str(content))
    assert result.returncode == 1
    assert '2025-09-02-broken.md:2: Date: "next Friday" is not a date.' in result.stderr
    assert "Not published: the build failed (see above). The published site was not changed." in result.stderr
    assert "Traceback" not in result.stderr
    assert not served.exists()


def test_a_git_folder_kept_in_the_output_is_never_published(tmp_path):
    from publishing.files import scan_site

    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (tmp_path / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert list(scan_site(tmp_path)) == ["index.html"]


def test_every_plugin_leaves_the_shipped_examples_out_of_the_public_build(built_site, public_sites):
    # The shipped content has example events, news links and more; previews show them, labelled.
    preview = check_no_examples(built_site, ROOT / "content")
    assert not preview.passed
    assert preview.report.count("\n") >= 2
    public = check_no_examples(public_sites.first, ROOT / "content")
    assert public.passed, public.report


# --- With the real quality check (`invoke check`, issue 3), limited to its fast file checks ---

def write_real_check_deploy_file(tmp_path: Path, served: Path) -> Path:
    config = tmp_path / "deploy.toml"
    config.write_text('check = ["{invoke}", "check", "--output", "{site}", "--settings", "publishconf.py", '
                      '"--only", "static"]\n'
                      f'[targets.folder]\ntype = "directory"\npath = "{served}"\n', encoding="utf-8")
    return config


def test_the_real_check_passes_the_shipped_site_and_refuses_a_page_that_calls_another_host(public_sites, tmp_path):
    served = tmp_path / "www"
    config = write_real_check_deploy_file(tmp_path, served)
    published = invoke_publish(config, tmp_path / "out")
    assert published.returncode == 0, published.stdout + published.stderr
    assert "check: quality check: passed" in published.stdout
    before = tree(served)

    content = copy_content(tmp_path)
    (content / "pages" / "tracked.md").write_text(
        "Title: A page with a tracking pixel\n\n"
        '<img src="https://tracker.example.com/pixel.gif" alt="A dot">\n', encoding="utf-8")
    refused = invoke_publish(config, tmp_path / "out2", "--path", str(content))

    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Not published: the built site failed 1 check. The published site was not changed." in refused.stderr
    assert "a-page-with-a-tracking-pixel/index.html" in refused.stderr
    assert "tracker.example.com" in refused.stderr
    assert tree(served) == before
