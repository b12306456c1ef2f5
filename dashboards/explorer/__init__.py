"""The explorer dashboard: layout, callbacks, figures and queries."""
