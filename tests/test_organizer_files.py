"""Files organizers write with old or careless editors: one reader for content and data files. Windows-1252 gets a
message naming the file, the line and how to save as UTF-8 (never a traceback); a byte-order mark is accepted;
`Slug: ../../x` is refused with file:line; an email with digits in an event's Contact is linked once.
Through the real `invoke build` (and `invoke refresh` for data/sources.toml)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, copy_content, run_build
from hostile import refresh_command

SAVE_AS_UTF8 = "Save it as UTF-8"


def _no_traceback(messages: str) -> None:
    assert "Traceback" not in messages and "UnicodeDecodeError" not in messages, messages[-3000:]


@pytest.mark.parametrize("folder", ["events", "pages", "updates", "meetings"])
def test_a_content_file_saved_as_windows_1252_is_named_with_its_line(tmp_path, folder):
    content = copy_content(tmp_path)
    path = content / folder / "cafe-night.md"
    text = {"events": "Title: Café night\nStart: 2025-05-01 18:00\nEnd: 20:00\nSource_name: us\n\nBody.\n",
            "pages": "Title: Café night\n\nBody.\n",
            "updates": "Title: Café night\nDate: 2025-05-01\nSummary: x\n\nBody.\n",
            "meetings": "Title: Café night\nBody: City Council\nWhen: 2025-05-05\nSource_name: us\n\nBody.\n"}[folder]
    path.write_bytes(text.encode("cp1252"))
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    _no_traceback(build.messages)
    line = next(line for line in build.messages.splitlines() if f"content/{folder}/cafe-night.md" in line)
    assert line.startswith(f"content/{folder}/cafe-night.md:1: ")
    assert "not saved as UTF-8" in line and "Windows-1252" in line and "é" in line and SAVE_AS_UTF8 in line


def test_a_data_file_saved_as_windows_1252_is_named(tmp_path):
    officials = tmp_path / "officials.toml"
    text = (ROOT / "data" / "officials.toml").read_text(encoding="utf-8")
    officials.write_bytes(("# Concejo de la Ciudad: información\n" + text).encode("cp1252", errors="replace"))
    build = run_build(tmp_path / "output", extra={"COUNCIL_OFFICIALS_FILE": str(officials)})
    assert build.returncode != 0
    _no_traceback(build.messages)
    assert f"{officials}:1: " in build.messages or "officials.toml:1: " in build.messages, build.messages[-2000:]
    assert "Windows-1252" in build.messages and SAVE_AS_UTF8 in build.messages


def test_sources_toml_saved_as_windows_1252_is_named_by_refresh(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_bytes("# Fuentes de datos: información\n[refresh]\nsnapshot_dir = \"snapshots\"\n".encode("cp1252"))
    refreshed = refresh_command(config)
    assert refreshed.returncode == 2, refreshed.output
    _no_traceback(refreshed.output)
    assert f"{config}:1: " in refreshed.output and "Windows-1252" in refreshed.output and SAVE_AS_UTF8 in refreshed.output


def test_a_file_with_a_byte_order_mark_builds(tmp_path):
    content = copy_content(tmp_path)
    (content / "pages" / "notepad.md").write_bytes(
        b"\xef\xbb\xbfTitle: Written in old Notepad\nSlug: notepad\n\nIt has a byte-order mark.\n")
    (content / "events" / "notepad-event.md").write_bytes(
        b"\xef\xbb\xbfTitle: Notepad rally\nStart: 2025-05-01 18:00\nEnd: 20:00\nSource_name: us\n\nBody.\n")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode == 0, build.messages[-3000:]
    assert "Written in old Notepad" in (build.output / "notepad" / "index.html").read_text(encoding="utf-8")
    assert any("Notepad rally" in path.read_text(encoding="utf-8") for path in build.output.rglob("index.html"))


@pytest.mark.parametrize("slug", ["../../x", "../outside", "a/../../b", "/etc/x", "..\\x"])
def test_a_slug_that_leaves_the_site_folder_is_refused_with_file_and_line(tmp_path, slug):
    content = copy_content(tmp_path)
    (content / "pages" / "escape.md").write_text(f"Title: Escape\nSlug: {slug}\n\nText.\n", encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    _no_traceback(build.messages)
    assert f'content/pages/escape.md:2: Slug: "{slug}" is not a usable page address' in build.messages, \
        build.messages[-3000:]
    assert not (tmp_path / "x").exists() and not (tmp_path / "outside").exists()


def test_an_email_with_digits_in_a_contact_is_linked_once(tmp_path):
    content = copy_content(tmp_path)
    (content / "events" / "contact-digits.md").write_text(
        "Title: Contact digits rally\nStart: 2025-05-01 18:00\nEnd: 20:00\nSource_name: us\n"
        "Contact: organizer.919.555.0100@example.org or 919-555-0100\n\nBody.\n", encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode == 0, build.messages[-3000:]
    page = next(path for path in build.output.rglob("index.html")
                if "Contact digits rally" in path.read_text(encoding="utf-8") and "/events/" in str(path)
                and "mailto:" in path.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a href="(mailto:[^"]*|tel:[^"]*)">([^<]*)</a>', html)
    assert links == [("mailto:organizer.919.555.0100@example.org", "organizer.919.555.0100@example.org"),
                     ("tel:+19195550100", "919-555-0100")], links


def test_a_data_file_that_is_not_valid_toml_is_the_only_problem_shown(tmp_path):
    """One broken line in figures.toml made every figure the pages name "unknown": 13 messages, the real one in
    the middle. The build names the unreadable file alone and says the others may be echoes of it."""
    from conftest import copy_campaign

    campaign = copy_campaign(tmp_path)
    figures = campaign / "data" / "figures.toml"
    lines = figures.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines) if line.startswith("value = "))
    lines[number] = lines[number].replace("value = ", "value = = ", 1)
    figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build = run_build(tmp_path / "output", campaign=campaign)
    assert build.returncode == 1
    listed = [line for line in build.messages.splitlines() if re.match(r"^(content|data)/\S+:", line)]
    assert listed == [f"data/figures.toml:{number + 1}: cannot be read: Invalid value (at line {number + 1}, "
                      'column 9). Check quotes and brackets near that line; text needs quotes, like label = '
                      '"Responses".'], build.messages
    assert re.search(r"\d+ other problems were found, most likely because of the file above", build.messages)
    assert "Traceback" not in build.messages
