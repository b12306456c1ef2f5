"""The overview dashboard: layout, callbacks, figures and queries."""
