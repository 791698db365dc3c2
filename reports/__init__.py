"""Allure attachments (payloads, screenshots, video) and, later, the App Review kit."""
