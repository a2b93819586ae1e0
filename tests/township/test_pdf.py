import pytest
from django.template import Context, Template

from township.pdf import FetchRefused, html_to_pdf, safe_url_fetcher

from ..pdf_utils import assert_cjk_fonts_only, pdf_text


def render(source: str, **context) -> bytes:
    page = '{% extends "township/pdf/base.html" %}{% block content %}' + source + "{% endblock %}"
    return html_to_pdf(Template(page).render(Context(context)))


def test_a_pdf_has_chinese_text_in_a_cjk_font():
    data = render("<h1>青山乡党委</h1><p>分类定级 16.7%</p>")
    text = pdf_text(data)
    assert "青山乡党委" in text and "16.7%" in text
    assert_cjk_fonts_only(data)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://127.0.0.1/secret",
        "file:///etc/passwd",
        "file:///__township__/static/../../township/settings.py",
        "file:///__township__/media/../township/settings.py",
        "ftp://host/file",
    ],
)
def test_the_fetcher_refuses_anything_but_our_files(url):
    with pytest.raises(FetchRefused):
        safe_url_fetcher(url)


def test_the_fetcher_serves_static_files():
    got = safe_url_fetcher("file:///__township__/static/css/pdf.css")
    assert b"@page" in got["string"]


def test_the_fetcher_serves_media_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "a.txt").write_text("ok")
    assert safe_url_fetcher("file:///__township__/media/a.txt")["string"] == b"ok"


def test_typed_markup_is_escaped_and_remote_images_are_not_fetched(monkeypatch, settings):
    import township.pdf

    settings.PDF_FETCH_STRICT = False  # the refused image is the point: render on without it

    asked = []
    real = township.pdf.safe_url_fetcher

    def spy(url, *args, **kwargs):
        asked.append(url)
        return real(url)

    monkeypatch.setattr(township.pdf, "safe_url_fetcher", spy)
    data = render(
        '<p>{{ evil }}</p><img src="http://203.0.113.1/x.png">',
        evil='<img src="file:///etc/passwd">',
    )
    assert '<img src="file:///etc/passwd">' in pdf_text(data).replace("\n", "")
    # The remote image was asked of our fetcher (which refuses it), never of the network;
    # the escaped text was not fetched at all.
    assert "http://203.0.113.1/x.png" in asked
    assert not any("passwd" in url for url in asked)


def test_a_missing_stylesheet_stops_the_render_when_fetching_is_strict(settings):
    from weasyprint.urls import FatalURLFetchingError

    settings.PDF_FETCH_STRICT = True
    page = '<html><head><link rel="stylesheet" href="/static/css/no-such.css"></head><body>x</body></html>'
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(page)


def test_a_missing_stylesheet_is_skipped_when_fetching_is_lenient(settings):
    settings.PDF_FETCH_STRICT = False
    page = '<html><head><link rel="stylesheet" href="/static/css/no-such.css"></head><body>x</body></html>'
    assert html_to_pdf(page).startswith(b"%PDF")


def test_the_fetcher_serves_hashed_names_from_the_collected_files(tmp_path, settings):
    """Production: {% static %} links css/pdf.<hash>.css, which only STATIC_ROOT holds."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf.0123abcd.css").write_text("@page { size: A4 }")
    got = safe_url_fetcher("file:///__township__/static/css/pdf.0123abcd.css")
    assert got["string"] == b"@page { size: A4 }"
    with pytest.raises(FetchRefused):
        safe_url_fetcher("file:///__township__/static/css/pdf.ffffffff.css")
