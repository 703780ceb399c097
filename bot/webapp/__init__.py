"""The Mini App: a course map, a lesson reader and a progress dashboard, served by the bot itself."""
