"""Test scaffolding: factories, the named cast and shared scenes. Production code never imports it."""
