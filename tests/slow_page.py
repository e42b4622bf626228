"""A page made slow on purpose, for the quality gate's tests and bench/gate_under_load.py: a copy of a built site
where one page waits for a 300 KB script in its <head>, as a page with a big analytics or widget bundle would."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

SLOW_SCRIPT = "theme/js/slow-bundle.js"


def slow_script(size: int = 300 * 1024) -> str:
    """About `size` bytes of JavaScript that compresses like real minified code and does work when run."""
    chooser = random.Random(14)
    letters = "abcdefghijklmnopqrstuvwxyz"
    parts = ["var bundle={};"]
    while sum(map(len, parts)) < size:
        name = "".join(chooser.choice(letters) for _ in range(8))
        table = ",".join(str(chooser.randrange(1 << 30)) for _ in range(24))
        parts.append(f"bundle.{name}=function(n){{var t=[{table}],s=0;for(var i=0;i<n;i++){{s=(s*31+t[i%24])%1000003;}}"
                     f"return s;}};")
    # Run every function for a while, as a bundle initialising widgets would.
    parts.append("for(var k in bundle){bundle[k](20000);}")
    return "".join(parts)


def plant_slow_page(site: Path, destination: Path, page: str) -> Path:
    """Copy the built `site` to `destination` and make `page` (like `about/index.html`) load a blocking script."""
    shutil.copytree(site, destination)
    script = destination / SLOW_SCRIPT
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(slow_script(), encoding="utf-8")
    target = destination / page
    html = target.read_text(encoding="utf-8")
    depth = page.count("/")
    tag = f'<script src="{"../" * depth}{SLOW_SCRIPT}"></script>'
    assert "</head>" in html, f"{page} has no </head>"
    target.write_text(html.replace("</head>", tag + "\n</head>", 1), encoding="utf-8")
    return destination
