"""The property-service star rating report (built in app.ratings_report, beside the rating logic)."""

from app.ratings_report import rating_report

__all__ = ["rating_report"]
