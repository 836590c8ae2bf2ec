"""Browser tests: the staff web app in headless Chromium, driven by Playwright. See README.md here."""
