"""The Content-Security-Policy every page carries (a <meta http-equiv> in base.html) and publishing targets send.

Only the site's own files may run or load: scripts, styles, images, fonts and the search index's files
('self'). 'wasm-unsafe-eval' lets the browser compile Pagefind's WebAssembly search index; it allows no eval() of
JavaScript. No 'unsafe-inline': inline <script> code, on* handlers and style="" attributes are blocked, so a
link or text that slipped past every other check still cannot run. JSON-LD (<script type="application/ld+json">)
is data, not code, and is not affected. `frame-ancestors` works only as a header (browsers ignore it in a meta
element), so it is added to the header form only.
"""

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
                           "img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
                           "base-uri 'self'; form-action 'self'; object-src 'none'")
HEADER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'"


def header_policy(page_html: str) -> str:
    """The header form of the policy a page carries in its own <meta> (the browser editor has a wider one of its
    own), or of the site's policy when it has none: a header and a meta policy both apply, so they must agree."""
    import html
    import re

    match = re.search(r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', page_html, re.IGNORECASE)
    own = html.unescape(match[1]).strip() if match else ""
    return (own or CONTENT_SECURITY_POLICY) + "; frame-ancestors 'none'"
