"""Job runners: in-process (the embedded default) and RQ on Redis (at scale)."""
