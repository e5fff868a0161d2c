"""The reporting regime (data/regime.yaml): report periods, each unit's and each province agency's report, its
figures, its review level by level, and what is due; and the reports page, which counts what is due. The highest part
of the reports app (docs/architecture.md)."""
