"""HTML to PDF with WeasyPrint; nothing is fetched from the network, files only from the media folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


def _local_files_only(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from weasyprint.urls import default_url_fetcher

    media = Path(settings.MEDIA_ROOT).resolve()
    if url.startswith("file://") and Path(url.removeprefix("file://")).resolve().is_relative_to(media):
        return default_url_fetcher(url, *args, **kwargs)  # type: ignore[no-any-return]
    raise ValueError(f"not fetched: {url}")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # late: only PDFs load pango

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_local_files_only).write_pdf()  # type: ignore[no-any-return]
