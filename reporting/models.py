"""reporting: models (filled in by the issue that builds the app)."""
