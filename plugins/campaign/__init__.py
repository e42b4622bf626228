"""The campaign context (see context.py): one Campaign per build, read from the campaign folder."""

from .context import of  # noqa: F401
from .model import Campaign, provide  # noqa: F401


def register():
    from .plugin import register as connect_signals

    connect_signals()
