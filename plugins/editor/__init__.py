"""The browser editor at /admin/ (Decap CMS): its page, its configuration from the build's field tables, Decap's files."""


def register():
    # Imported here so that editor.config stays usable without Pelican (tests read it directly).
    from .plugin import register as connect_signals

    connect_signals()
