"""The district sync server (FastAPI on uvicorn): reuses db/ models, adds server tables."""
