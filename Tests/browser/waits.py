"""Waiting for the browser, shared by the journeys."""
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException


def is_gone(element):
    """True once the page the element belonged to has been replaced. Chromium sometimes answers a
    node of the old document with a generic inspector error instead of a stale-element error, which
    Selenium's own staleness_of does not catch."""
    try:
        element.is_enabled()
        return False
    except (StaleElementReferenceException, WebDriverException):
        return True
