"""The studio: saved scenarios with shareable links, and simulation runs."""
