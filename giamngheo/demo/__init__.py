"""Demonstration data, above every other app: synthetic households (synthetic/), a synthetic history of annual reviews
(history.py) and the commands that write them (`seed_synthetic`, and `demo_setup`, which `make run` calls). No
production app imports it."""
