"""The compound list (one source model, filter proxy), its detail panel and edit commands."""
