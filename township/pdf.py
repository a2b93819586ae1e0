"""PDF documents: an HTML template rendered by WeasyPrint.

WeasyPrint may fetch only the project's own static files and uploaded media, never a URL
from the network nor a path outside those folders: a hostile value typed by a user (an
<img src="http://…"> or "../../etc/passwd") renders as nothing.

Static files are found the way `{% static %}` names them: in development by the finders
(the source files), in production in STATIC_ROOT, where collectstatic put the hashed copies
(`css/pdf.<hash>.css`) that ManifestStaticFilesStorage links. With PDF_FETCH_STRICT (on in
the tests) a fetch that fails stops the render instead of printing a PDF without its
stylesheet or fonts.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)

# Relative URLs in PDF templates resolve against this base; it points nowhere real.
BASE_URL = "file:///__township__/"


class FetchRefused(ValueError):
    pass


def _inside(root: Path, relative: str) -> Path:
    root = root.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise FetchRefused(relative)
    return target


def _static_file(relative: str, url: str) -> Path:
    """The source file (development) or the collected one (production: hashed names)."""
    found = finders.find(relative)
    if found:
        return Path(found)
    location = getattr(staticfiles_storage, "location", None)
    if location:
        return _inside(Path(location), relative)
    raise FetchRefused(url)


def safe_url_fetcher(url: str, *args, **kwargs) -> dict:
    """Serve /static/… from the static files and /media/… from MEDIA_ROOT; refuse the rest."""
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        raise FetchRefused(url)
    path = unquote(parsed.path)
    if path.startswith("/__township__/"):
        path = "/" + path[len("/__township__/") :]
    if path.startswith(settings.STATIC_URL):
        relative = path[len(settings.STATIC_URL) :]
        if ".." in Path(relative).parts:
            raise FetchRefused(url)
        target = _static_file(relative, url)
    elif path.startswith(settings.MEDIA_URL):
        target = _inside(Path(settings.MEDIA_ROOT), path[len(settings.MEDIA_URL) :])
    else:
        raise FetchRefused(url)
    return {"string": target.read_bytes(), "filename": target.name}


def _fetcher():
    """A WeasyPrint URLFetcher whose every fetch goes through safe_url_fetcher()."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            found = safe_url_fetcher(url)
            mime = mimetypes.guess_type(found["filename"])[0] or "application/octet-stream"
            return URLFetcherResponse(url, found["string"], {"Content-Type": mime})

    # fail_on_errors turns a refused or missing file into FatalURLFetchingError, which
    # WeasyPrint lets through instead of logging it and rendering on without the file.
    return SafeURLFetcher(fail_on_errors=getattr(settings, "PDF_FETCH_STRICT", False))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    # No generation stamp: a document carries its own date (成文日期), a report its 数据截至.
    return html_to_pdf(render_to_string(template_name, context))


def pdf_response(
    template_name: str, context, *, filename: str, cache_key: tuple | None = None
) -> HttpResponse:
    """A download: the same bytes render_pdf gives, with a Chinese-safe file name.

    With a cache_key (naming everything the document depends on besides the data: the
    township, the year, whether personal data shows), the bytes are kept under the data
    version (township/dataversion.py): an unchanged document downloads again without being
    rendered, and any committed write makes the next download a new render. `context` may
    then be a function, called only when rendering."""
    from .dataversion import cached

    def render():
        return render_pdf(template_name, context() if callable(context) else context)

    content = cached(("pdf", template_name, *cache_key), render) if cache_key else render()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
