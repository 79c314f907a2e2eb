"""What changes the records of this app (audited, keyword-only)."""
