"""The domain: pure rules — packs, calendar, triage, risk, path, obligations. Never imports Django."""
