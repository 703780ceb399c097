"""The app database: SQLAlchemy models, repositories, engine set-up and migrations."""
