"""Pages of the review procedure, one module per stage. Each view reads through reviews.selectors (404 outside
the user's area) and writes through one service call; the services check roles again and refuse with a
Vietnamese message."""
