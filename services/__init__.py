"""Use cases: combine the course, the domain rules and the repositories. No aiogram here."""
