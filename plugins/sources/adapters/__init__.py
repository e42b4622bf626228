"""Built-in source types. Importing this package imports every module in it; each registers its types.

To add a type, add a module here that calls `sources.registry.register_source_type(...)` at import time.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
