"""Shared fixtures: the shipped rule sets, loaded once per test session."""

from __future__ import annotations

from datetime import date

import pytest

from supplychain.domain.ruleset import LoadedRuleSet, load_ruleset

AS_OF = date(2026, 1, 15)


@pytest.fixture(scope="session")
def default_rules() -> LoadedRuleSet:
    return load_ruleset("default")


@pytest.fixture(scope="session")
def strict_rules() -> LoadedRuleSet:
    return load_ruleset("strict")
