"""The participation apps: ideas (with comments and votes), moderation and
notifications. Each is a Django app of its own; this package only holds them."""
