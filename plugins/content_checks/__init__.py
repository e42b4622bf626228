def register():
    # Imported here so that content_checks.problems, .fields and .header stay usable without Pelican
    # (data-source adapters share the Problem shape but never import Pelican).
    from .plugin import register as connect_signals

    connect_signals()
