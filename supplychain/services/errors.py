"""Errors that services raise for the adapters to turn into messages and status codes."""

from __future__ import annotations


class ServiceError(Exception):
    """A request a person can correct; the message says how."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    """Missing, or belonging to another company: the two are indistinguishable on purpose."""

    status = 404


class Conflict(ServiceError):
    status = 409


class Forbidden(ServiceError):
    status = 403
