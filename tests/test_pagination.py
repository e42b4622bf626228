"""More updates than fit on one page: the Updates list is split into pages that link to each other."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import copy_content, run_build


def test_updates_list_is_paginated_with_working_links(tmp_path):
    content = copy_content(tmp_path)
    for number in range(25):
        (content / "updates" / f"2024-01-{number + 1:02d}-filler.md").write_text(
            f"Title: Test update {number}\nDate: 2024-01-{number + 1:02d}\nSummary: A test update.\n\nText.\n")
    build = run_build(tmp_path / "output", content)
    assert build.returncode == 0, build.messages
    first = BeautifulSoup((build.output / "updates" / "index.html").read_text(), "html.parser")
    older = first.select_one('.hs-pagination a[rel="next"]')
    assert older is not None and older["href"].endswith("updates/page/2/")
    second = BeautifulSoup((build.output / "updates" / "page" / "2" / "index.html").read_text(), "html.parser")
    newer = second.select_one('.hs-pagination a[rel="prev"]')
    assert newer is not None and newer["href"].endswith("updates/")
