"""Command line for the preview: `python -m preview --settings pelicanconf.py --path content --output output`."""

from __future__ import annotations

import argparse
import json
import sys

from .app import run_preview


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m preview", description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--path", default="content")
    parser.add_argument("--output", default="output")
    parser.add_argument("--root", default=".", help="Project folder (settings, content and output are relative to it).")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--no-strict", dest="strict", action="store_false")
    parser.add_argument("--no-search", dest="search", action="store_false", help="Skip the Pagefind index.")
    parser.add_argument("--extra", action="append", default=[], help="KEY=JSON setting override; repeat for more.")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.extra:
        key, _sep, value = item.partition("=")
        overrides[key] = json.loads(value)
    run_preview(settings=args.settings, path=args.path, output=args.output, root=args.root, port=args.port,
                bind=args.bind, strict=args.strict, overrides=overrides, search=args.search)
    return 0


if __name__ == "__main__":
    sys.exit(main())
