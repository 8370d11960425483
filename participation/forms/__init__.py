"""Forms of participation: one module per part (ideas, comments, moderation)."""
