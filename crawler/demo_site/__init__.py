"""The bundled demo web that ``frt demo`` serves on 127.0.0.1 and crawls with the real spiders.

``site/`` holds static files (a vendor newsroom, an Open States-style bills API, an arXiv-style
feed, a PDF report, robots.txt and sitemap.xml); ``server.serve()`` serves them, replacing the
literal ``{base_url}`` in text files; ``sources/`` holds the matching source definitions.
"""

from pathlib import Path

DEMO_DIR = Path(__file__).parent
SITE_DIR = DEMO_DIR / "site"
SOURCES_DIR = DEMO_DIR / "sources"
