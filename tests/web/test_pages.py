"""The base page template, the start page and the built front-end assets.

The asset tests read files that `npm run build` writes; they fail (not skip) when it has not run.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import casework.web

STATIC_DIR = Path(casework.web.__file__).resolve().parent / "static" / "casework"
FONT_STACK = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif'


def _built(name: str) -> str:
    path = STATIC_DIR / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci && npm run build` first")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def home_page(client, settings, db):
    settings.CASEWORK_ORGANISATION_NAME = "Northshire Homes"
    response = client.get(reverse("web:sign-in"))
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_shows_the_organisation_and_the_service(home_page):
    assert "Northshire Homes" in home_page
    assert '<html lang="en-GB" class="govuk-template">' in home_page
    assert "<title>Sign in – Casework</title>" in home_page
    assert 'class="govuk-service-navigation__link">Casework</a>' in home_page
    assert '<h1 class="govuk-heading-l">Sign in to Casework</h1>' in home_page
    assert "anti-social behaviour" in home_page
    assert "policy pack" in home_page


def test_home_page_has_no_gov_uk_branding(home_page):
    assert "GOV.UK" not in home_page
    assert "<svg" not in home_page
    assert "govuk-header__logotype" not in home_page
    assert "govuk-footer__crown" not in home_page
    assert "Crown copyright" not in home_page
    assert "Open Government Licence" not in home_page
    assert "open source" in home_page


def test_home_page_skips_to_main_content(home_page):
    assert '<a href="#main-content" class="govuk-skip-link"' in home_page
    assert '<main class="govuk-main-wrapper" id="main-content">' in home_page


def test_home_page_loads_the_built_assets(home_page):
    assert '<link rel="stylesheet" href="/static/casework/application.css">' in home_page
    assert '<script src="/static/casework/htmx.min.js" defer></script>' in home_page
    assert '<script type="module" src="/static/casework/govuk-frontend.min.js"></script>' in home_page
    assert "initAll()" in home_page
    assert "js-enabled" in home_page


def test_built_css_uses_the_organisation_font_and_no_gov_uk_font():
    css = _built("application.css")
    assert FONT_STACK in css
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "fonts/" not in css


def test_built_css_refers_to_no_files():
    css = _built("application.css")
    # Casework ships no GOV.UK images; a dangling url() would also break collectstatic.
    urls = [url for url in re.findall(r"url\(\s*[\"']?([^\"')]*)", css) if not url.startswith("data:")]
    assert urls == []


def test_built_javascript_is_gov_uk_frontend_and_htmx_2():
    assert "initAll" in _built("govuk-frontend.min.js")
    version = re.search(r'version:\s*"(\d+)\.(\d+)\.(\d+)', _built("htmx.min.js"))
    assert version, "no version string found in htmx.min.js"
    assert version.group(1) == "2", f"htmx.min.js is {'.'.join(version.groups())}, not 2.x"


def test_build_copies_no_gov_uk_fonts_or_images():
    _built("application.css")
    assert not (STATIC_DIR / "fonts").exists()
    assert not (STATIC_DIR / "images").exists()
    assert not list(STATIC_DIR.rglob("*.woff*"))
