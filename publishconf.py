"""Settings for the published site: the real address, and no example content."""

import os
import sys
from urllib.parse import urlparse

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    raise SystemExit(
        "publishconf.py: SITEURL is not set. Set it to the site's public address, "
        "for example: SITEURL=https://example.org make publish"
    )
CANONICAL_SITEURL = SITEURL
SITE_ROOT = urlparse(SITEURL).path.rstrip("/")
FEED_DOMAIN = SITEURL
SHOW_EXAMPLES = False
# With a repo in data/site.toml's [editor] table, the public site must have a working editor.
EDITOR_REQUIRED = True
EDITOR_LOCAL_BACKEND = ""
