"""Learning rules in plain Python: no aiogram, no SQL. Easy to test and to read."""
