"""The browser editor's configuration (Decap CMS's config.yml), made from the build's own field tables.

Every collection, field, required flag, choice list, date format, hint and example comes from
content_checks.fields (and the tables other plugins register there) or from figures.load.FIGURE_KEYS, so the
editor asks for exactly what the build checks. Plain Python: no Pelican here.
Decap's configuration options: https://decapcms.org/docs/configuration-options/
"""

from __future__ import annotations

import re

from content_checks import fields as tables

# Content formats the editor writes: Pelican's "Key: value" header lines, then a blank line, then Markdown
# (admin/editor.js registers it with Decap, so files written in the browser look like files written by hand).
FORMAT = "pelican-markdown"
FIGURES_FORMAT = "figures-toml"
# How dates are stored (Decap formats them with moment.js tokens), matching what the build reads.
DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"
YES_NO = ("yes", "no")
# Collections in the order organizers see them, with their names in the editor (plural, singular).
LABELS = {
    "update": ("Updates", "Update"),
    "event": ("Events", "Event"),
    "meeting": ("Meeting notes", "Meeting note"),
    "letter": ("Letters", "Letter"),
    "page": ("Pages", "Page"),
    "news link": ("News links", "News link"),
}
# New files are named like the ones written by hand: the day first, so they sort in order.
DATED_NAMES = {"update": "Date", "event": "Start", "meeting": "When", "news link": "Date"}
# Where a kind's text goes; a letter's text is the letter itself, so it cannot be empty.
BODY_REQUIRED = {"letter"}
_ONLY_PREFIX = re.compile(r"^(?:Events|Meetings|Letters) only\. ")


def label(name: str) -> str:
    """`Step_free` -> `Step free`; `ASL` stays `ASL`."""
    return name.replace("_", " ")


def hint(field: tables.Field, kind: str) -> str:
    """What the field means, then what the build says when a required field is missing, or an example."""
    meaning = _ONLY_PREFIX.sub("", field.meaning)
    if tables.is_required(field.name, kind) and field.missing:
        return f"{meaning} {field.missing}"
    if field.form in ("yesno", "choice"):
        return meaning
    if field.form == "lines":
        return f"{meaning} One item per line. Example: {field.example}"
    return f"{meaning} Example: {field.example}"


def widget(form: str, choices: tuple[str, ...] = ()) -> dict:
    """Decap widget options for one way of writing a value."""
    if form == "text":
        return {"widget": "text"}
    if form == "date":
        # default "" keeps the field empty until the organizer picks a date (Decap's default is "now").
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False,
                "default": ""}
    if form == "datetime":
        return {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": DATE_FORMAT, "time_format": "HH:mm",
                "default": ""}
    if form == "yesno":
        return {"widget": "select", "options": list(YES_NO)}
    if form == "choice":
        return {"widget": "select", "options": list(choices)}
    if form == "boolean":
        return {"widget": "boolean"}
    if form == "lines":
        # One header line per item (admin/editor.js writes a list as repeated keys).
        return {"widget": "list", "field": {"name": "line", "label": "Line", "widget": "string"}}
    if form == "number":
        return {"widget": "number", "value_type": "float"}
    if form == "address":
        return {"widget": "string",
                "pattern": [r"^https?://\S+$", "Write the whole address, starting with https://"]}
    return {"widget": "string"}


def kind_fields(kind: str) -> list[tables.Field]:
    """The fields a kind of content may have: Title, then the required ones, then the rest in table order."""
    known = [field for field in tables.FIELDS.values() if kind in field.kinds]
    return sorted(known, key=lambda field: (field.name.lower() != "title",
                                            not tables.is_required(field.name, kind)))


def content_field(field: tables.Field, kind: str) -> dict:
    choices = tables.statuses_for(kind) if field.name.lower() == "status" else field.choices
    return {"name": field.name, "label": label(field.name), **widget(field.form, choices),
            "required": tables.is_required(field.name, kind), "hint": hint(field, kind)}


def collection(folder: str, kind: str, content_path: str) -> dict:
    """One Decap folder collection: every file in content/<folder>/."""
    plural, singular = LABELS.get(kind, (folder.replace("_", " ").capitalize(),) * 2)
    dated = DATED_NAMES.get(kind)
    if kind in tables.FILENAME_SLUG_KINDS:
        name_hint = "The file name is the page's address: keep it once the link is shared."
    else:
        name_hint = ""
    slug = f"{{{{{dated} | date('YYYY-MM-DD')}}}}-{{{{slug}}}}" if dated else "{{slug}}"
    fields = [content_field(field, kind) for field in kind_fields(kind)]
    fields.append({"name": "body", "label": "Text", "widget": "markdown", "modes": ["raw", "rich_text"],
                   "required": kind in BODY_REQUIRED,
                   "hint": "Markdown: **bold**, [a link](https://example.org), ## for a heading. " + name_hint
                   .strip()})
    return {
        "name": folder, "label": plural, "label_singular": singular,
        "folder": f"{content_path}/{folder}".lstrip("/"), "create": True, "extension": "md", "format": FORMAT,
        "identifier_field": "Title", "summary": "{{Title}}", "slug": slug, "fields": fields,
    }


def figures_collection(figures_path: str, keys) -> dict:
    """The hand-kept figures file: one list of [[figure]] tables."""
    figure_fields = []
    for key in keys:
        entry = {"name": key.name, "label": label(key.name).capitalize(), **widget(key.form, key.choices),
                 "required": key.required,
                 "hint": key.meaning if key.form in ("yesno", "choice", "boolean") else
                 f"{key.meaning} Example: {key.example}"}
        if key.form == "boolean":
            entry["default"] = False
        figure_fields.append(entry)
    return {
        # figures-toml (admin/editor.js): the file's comments are kept and keys written in the table's order.
        "name": "figures", "label": "Key numbers", "format": FIGURES_FORMAT, "extension": "toml",
        "files": [{
            "name": "figures", "label": "Key numbers", "file": figures_path,
            "fields": [{"name": "figure", "label": "Figures", "label_singular": "figure", "widget": "list",
                        "summary": "{{fields.id}}: {{fields.value}} {{fields.unit}}", "fields": figure_fields}],
        }],
    }


def editor_config(content_path: str, figures_path: str | None, figure_keys, repo: str, branch: str,
                  site_url: str, auth_url: str = "", auth_endpoint: str = "", local_backend_url: str = "") -> dict:
    """Decap's whole configuration. Paths are relative to the repository root.

    With `local_backend_url` (the preview made by `make admin`), the editor saves straight into the files on
    this computer through decap-server; otherwise it signs in to GitHub and every change becomes a pull request.
    """
    backend: dict = {"name": "github", "repo": repo or "OWNER/REPOSITORY", "branch": branch or "main",
                     "squash_merges": True}
    if auth_url:
        backend["base_url"] = auth_url
    if auth_endpoint:
        backend["auth_endpoint"] = auth_endpoint
    config: dict = {"backend": backend}
    if local_backend_url:
        config["local_backend"] = {"url": local_backend_url}
    else:
        # Each edit becomes a pull request, which .github/workflows/check.yml builds and checks.
        config["publish_mode"] = "editorial_workflow"
    ordered = sorted(tables.KINDS.items(), key=lambda item: list(LABELS).index(item[1])
                     if item[1] in LABELS else len(LABELS))
    collections = [collection(folder, kind, content_path) for folder, kind in ordered]
    if figures_path:
        collections.append(figures_collection(figures_path, figure_keys))
    config.update({
        "site_url": site_url, "display_url": site_url, "locale": "en",
        # Decap needs a media folder; the site has no picture uploads yet, so they go where the build ignores them.
        "media_folder": f"{content_path}/images".lstrip("/"), "public_folder": "/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    })
    return config
