"""Publishing never shows a credential and never publishes what a symbolic link points to. The real publish step
(checks, then a real target: a git remote, a served folder) on the real built site."""

from __future__ import annotations

import logging
import shutil

import pytest

from publishing.deploy import PublishRefused, publish_site
from publishing.directory import DirectoryTarget
from publishing.errors import PublishError
from publishing.pages import PagesTarget
from sources.links import mask_credentials

TOKEN = "ghp_SECRETtoken1234567890"


@pytest.mark.parametrize("remote", [
    f"https://{TOKEN}@127.0.0.1:9/campaign/site.git",
    f"https://x-access-token:{TOKEN}@127.0.0.1:9/campaign/site.git",
    f"https://{TOKEN}:x-oauth-basic@127.0.0.1:9/campaign/site.git",
])
def test_a_token_in_the_remote_address_is_never_printed_or_logged(built_site, remote, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    printed = []
    with pytest.raises(PublishError) as failure:
        # Port 9 (discard) refuses the connection: git fails, and its message names the remote.
        publish_site(built_site, PagesTarget(remote), checks=[], say=printed.append)
    shown = "\n".join(printed) + str(failure.value) + capsys.readouterr().out + caplog.text
    assert "Publishing to https://***@127.0.0.1:9/campaign/site.git branch gh-pages" in shown
    assert "127.0.0.1" in str(failure.value)
    assert TOKEN not in shown


@pytest.mark.parametrize("text, masked", [
    (f"fatal: unable to access 'https://{TOKEN}@github.com/a/b.git/': 403", "fatal: unable to access "
                                                                              "'https://***@github.com/a/b.git/': 403"),
    ("https://user:pa55@host.example/x and http://k@h/y", "https://***@host.example/x and http://***@h/y"),
    ("git@github.com:campaign/site.git", "git@github.com:campaign/site.git"),
    ("mailto:council@example.org", "mailto:council@example.org"),
])
def test_mask_credentials(text, masked):
    assert mask_credentials(text) == masked


def test_a_site_with_a_symbolic_link_is_not_published(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    secrets = tmp_path / "secrets.env"
    secrets.write_text("AWS_SECRET_ACCESS_KEY=do-not-publish\n", encoding="utf-8")
    (site / "notes.html").symlink_to(secrets)
    (site / "private").symlink_to(tmp_path, target_is_directory=True)
    served = tmp_path / "www" / "site"
    printed = []
    with pytest.raises(PublishRefused) as refusal:
        publish_site(site, DirectoryTarget(served), checks=[], say=printed.append)
    message = str(refusal.value)
    assert "Not published" in message and "notes.html -> " + str(secrets) in message
    assert "private -> " + str(tmp_path) in message
    assert not served.exists()
    assert not any("do-not-publish" in path.read_text(errors="replace")
                   for path in (tmp_path / "www").rglob("*") if path.is_file()) if (tmp_path / "www").exists() else True
