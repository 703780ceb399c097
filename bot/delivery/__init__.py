"""Delivery machinery: the push tick, the sender and its rate limits, retries, the mock-round timer."""
