"""The report as one self-contained HTML page, for a projector or a browser.

The markdown is rendered with markdown-it-py (chosen for CommonMark-correct rendering with
tables) with raw HTML disabled, so escaped article text stays text; chart images are
embedded as data URIs so the page needs no other file.
"""

from __future__ import annotations

import base64
import html

from markdown_it import MarkdownIt

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 70rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; vertical-align: top; }
th { background: #f2f2f2; }
img { max-width: 100%; height: auto; }
code { background: #f4f4f4; padding: 0 0.2rem; }
"""


def render_html(markdown: str, *, title: str, images: dict[str, bytes]) -> str:
    """A complete HTML page from the report's markdown, with ``images`` embedded.

    ``images`` maps the relative paths used in the markdown (charts/x.png) to file bytes.
    """
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = renderer.render(markdown)
    for path, data in sorted(images.items()):
        kind = "image/svg+xml" if path.endswith(".svg") else "image/png"
        uri = f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
        body = body.replace(f'src="{html.escape(path)}"', f'src="{uri}"')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    )
