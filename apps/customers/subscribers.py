"""The customers context listens to no other context: it is where customers and
vehicles begin."""

SUBSCRIPTIONS: dict = {}
