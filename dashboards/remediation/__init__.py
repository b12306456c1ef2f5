"""The remediation dashboard: layout, callbacks, figures and queries."""
