"""Request and response shapes for the API (pydantic v2, via ninja's Schema)."""
