"""Writes of the review procedure, one module per stage: campaigns and listing, surveys, the village (meetings,
posting, complaints), and decisions with the status ledger. Each business action owns its transaction and audit."""
