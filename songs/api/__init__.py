"""The resource API under /api/v1/ (DRF): same permission rules as the pages."""
