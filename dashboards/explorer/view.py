"""The chosen supplier: score, tier, confidence, each hit with its source, audit, history and
remediation. Stored text is rendered as text; the only link is built from the numeric id."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboards.explorer.figures import hit_points, score_history
from dashboards.labels import country_name, sector_name
from dashboards.theme import TIER_LABELS, money

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}


def supplier_view(detail: dict[str, Any], items: pd.DataFrame) -> html.Div:
    supplier, record = detail["supplier"], detail["record"] or {}
    assessment = detail["assessment"] or {}
    hits = pd.DataFrame(assessment.get("hits", []), columns=["rule", "points", "reason", "source"])
    history = pd.DataFrame(
        detail["history"], columns=["as_of", "score", "tier", "ruleset", "upload"]
    )
    return html.Div(
        [
            _heading(supplier),
            _facts(supplier),
            html.H3("Why this score"),
            dcc.Graph(figure=hit_points(hits), config=GRAPH_CONFIG),
            _hit_list(hits),
            _ruleset(assessment),
            html.H3("Audit"),
            _audit(supplier, record),
            html.H3("Score history"),
            dcc.Graph(figure=score_history(history), config=GRAPH_CONFIG),
            html.H3("Remediation"),
            _remediation(items),
        ],
        className="supplier",
    )


def _heading(supplier: dict[str, Any]) -> html.Div:
    tier = supplier.get("tier") or ""
    return html.Div(
        [
            html.A(
                str(supplier["name"]),
                href=f"/suppliers/{int(supplier['id'])}",
                className="supplier-name",
            ),
            html.Span(TIER_LABELS.get(tier, "not scored"), className=f"badge {tier}"),
            html.Div(
                " · ".join(
                    str(x)
                    for x in (
                        country_name(supplier["country"]),
                        sector_name(supplier.get("sector")),
                        f"chain tier {supplier['supply_chain_tier']}"
                        if supplier.get("supply_chain_tier")
                        else "chain tier not given",
                        f"your ID {supplier['supplier_id']}" if supplier.get("supplier_id") else "",
                    )
                    if x
                ),
                className="muted small",
            ),
        ],
        className="supplier-head",
    )


def _facts(supplier: dict[str, Any]) -> html.Div:
    score, confidence = supplier.get("score"), supplier.get("confidence")
    facts = [
        ("Score", f"{score:.1f}" if score is not None else "-", "of 100"),
        (
            "Confidence",
            f"{confidence:.0%}" if confidence is not None else "-",
            "how complete the data is",
        ),
        ("Annual spend", money(supplier.get("annual_spend"), supplier.get("currency")), ""),
    ]
    return html.Div(
        [
            html.Div(
                [
                    html.Div(label, className="kpi-label"),
                    html.Div(value, className="kpi-value"),
                    html.Div(note, className="kpi-note"),
                ],
                className="fact",
            )
            for label, value, note in facts
        ],
        className="facts",
    )


def _hit_list(hits: pd.DataFrame) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Strong(f"{row.points:+.0f} {row.rule}"),
                    html.Span(f" {row.reason}"),
                    html.Details(
                        [html.Summary("source"), html.Div(str(row.source))],
                        className="muted small source",
                    ),
                ]
            )
            for row in hits.sort_values("points", ascending=False).itertuples()
        ],
        className="hits",
    )


def _ruleset(assessment: dict[str, Any]) -> html.P:
    if not assessment:
        return html.P("Not assessed yet.", className="muted small")
    rules = assessment["ruleset"]
    return html.P(
        f"Rule set {rules['id']} {rules['version']} (sha256 {rules['sha256'][:12]}…), "
        f"data as of {assessment['as_of']}.",
        className="muted small",
    )


def _audit(supplier: dict[str, Any], record: dict[str, Any]) -> html.Dl:
    pairs = [
        ("Last audit", supplier.get("audit_date") or "never (or not given)"),
        ("Result", supplier.get("audit_result") or "not given"),
        ("Standard", record.get("audit_standard") or "not given"),
        ("Certifications", record.get("certifications") or "none given"),
    ]
    return html.Dl(
        [part for k, v in pairs for part in (html.Dt(k), html.Dd(str(v)))], className="pairs"
    )


def _remediation(items: pd.DataFrame) -> Any:
    if items.empty:
        return html.P(
            "No findings or corrective actions recorded for this supplier.", className="muted"
        )
    findings = []
    for finding_id, rows in items.groupby("finding_id", sort=False):
        first = rows.iloc[0]
        actions = [
            html.Li(f"{a.action} · {a.owner} · due {a.due_date} · {a.action_status}")
            for a in rows.dropna(subset=["action"]).itertuples()
        ]
        findings.append(
            html.Li(
                [
                    html.Strong(f"{first.finding}"),
                    html.Span(
                        f" ({first.severity}, {first.finding_status}, #{int(finding_id)})",
                        className="muted small",
                    ),
                    html.Ul(actions or [html.Li("no corrective action yet", className="muted")]),
                ]
            )
        )
    return html.Ul(findings, className="findings")
