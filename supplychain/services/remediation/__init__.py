"""Remediation: findings, corrective action plans, evidence attachments and worker remedy.

Every function that changes state takes the caller's Session (the caller owns the transaction),
appends an audit event, and re-scores the affected supplier through ``rescore``.
"""
