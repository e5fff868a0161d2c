"""Writes of the review procedure, one module per stage: campaigns and listing, surveys, the village (meetings,
posting, complaints), decisions (with the ledger and certificates their signing writes) and written refusals; signing.py
holds what the chairman's signature needs. Each business action owns its transaction and audit."""
