"""The language switch: Chinese labels turn English and back, on the sign-in page and on a
signed-in page, and `<html lang>` follows."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.api.live import Api
from tests.web.browser import check_accessibility, shoot, sign_in


def _switch(page: Page, locale: str, label: Locator, text: str) -> None:
    """Choose `locale` and wait for `label` to read `text` and `<html lang>` to follow."""
    page.get_by_test_id("lang-switch").select_option(locale)
    expect(label).to_have_text(text)
    expect(page.locator("html")).to_have_attribute("lang", "en" if locale == "en" else "zh-CN")


def test_the_sign_in_page_turns_english_and_back(page: Page, site: Api) -> None:
    page.goto(f"{site.base_url}/")
    submit = page.get_by_test_id("login-submit")
    expect(submit).to_have_text("登录")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    shoot(page, "login-zh")
    check_accessibility(page, "login-zh")
    _switch(page, "en", submit, "Sign in")
    expect(page.locator("h1")).to_have_text("Sign in")
    shoot(page, "login-en")
    check_accessibility(page, "login-en")
    _switch(page, "zh", submit, "登录")


def test_a_signed_in_page_turns_english_and_back(page: Page, site: Api) -> None:
    sign_in(page, site.base_url, "lead")
    sign_out, role = page.get_by_test_id("sign-out"), page.get_by_test_id("user-role")
    expect(sign_out).to_have_text("退出登录")
    expect(role).to_have_text("片区组长")
    _switch(page, "en", sign_out, "Sign out")
    expect(role).to_have_text("Team lead")
    _switch(page, "zh", sign_out, "退出登录")
    expect(role).to_have_text("片区组长")
