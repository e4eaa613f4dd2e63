import pytest
from django.core.management import call_command

from tests.factories import ensure_site_root


@pytest.fixture
def site(transactional_db):
    home = ensure_site_root()
    call_command("load_municipalities", verbosity=0)
    return home


def test_home_page_renders_in_french_in_chromium(page, site):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr-ca"
    assert page.locator("h1").inner_text() == site.title
    assert page.get_by_role("link", name="Aller au contenu principal").count() == 1


def test_language_switch_shows_the_english_home_page(page, site):
    page.goto("/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == site.title_en
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/en"))
    assert page.locator("html").get_attribute("lang") == "fr-ca"


def test_header_search_box_leads_to_the_search_page(page, site):
    page.goto("/")
    # An ARIA combobox once the autocomplete script has enhanced it.
    page.get_by_role("combobox", name="Rechercher dans Carrefour").fill("nids-de-poule")
    page.get_by_role("search").first.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/?q=nids-de-poule")
    assert "nids-de-poule" in page.locator("main").inner_text()


@pytest.mark.parametrize(
    "path", ["/", "/en/", "/a-propos/donnees/", "/recherche/?q=eau"]
)
def test_pages_have_no_serious_accessibility_violations(
    page, site, axe_violations, path
):
    page.goto(path)
    assert axe_violations(page) == []


def test_home_page_has_no_horizontal_scroll_on_a_phone(browser, live_server, site):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}
    )
    phone = context.new_page()
    phone.goto("/")
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 360
