"""The REST API under /api/v1/ (docs/api.md): thin endpoints over the cases app's services and selectors."""
