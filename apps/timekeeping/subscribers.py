"""Timekeeping listens to no other context: it is where business days begin."""

SUBSCRIPTIONS: dict = {}
