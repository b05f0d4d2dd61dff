"""Reference recordings and cover features (built by the covers issue)."""
