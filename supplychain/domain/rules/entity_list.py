"""Rule family 1: supplier and parent-company names against the UFLPA Entity List (and CBP WROs).

Names are normalised (:mod:`supplychain.domain.entity_names`) and compared by
``fuzz.token_sort_ratio`` (``processor=utils.default_process``) over the *unique* names only, in
one ``rapidfuzz.process.cdist`` call for both lists. That scorer is ``fuzz.ratio`` of the processed
names with their words sorted, so the words are sorted once per name here and ``cdist`` runs
``fuzz.ratio``, which compares many short strings at once (SIMD): same scores, about half the time.

A strong match (or a confirmed decision) makes the supplier critical; a dismissed decision for the
same supplier key, entity and edition suppresses the hit; a decision under another edition is
ignored. The CBP WRO/Findings list is screened the same way as a low-confidence secondary signal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process, utils

from supplychain.domain.entity_names import normalise_distinct
from supplychain.domain.reference import Edition
from supplychain.domain.rules.base import ScoringContext, empty_hits, make_hits, source_text
from supplychain.domain.ruleset import LoadedRuleSet

_CBP_SPLIT = r"\s*(?:;|,?\s*a/k/a\s+)\s*"


@dataclass(frozen=True)
class _Screen:
    """One list to screen against: its rule id prefix, edition and normalised names."""

    rule: str
    edition: Edition
    names: pd.DataFrame  # columns: entity, norm, ref_row, alias (name as listed), sorted


def variants(rules: LoadedRuleSet) -> dict[str, str]:
    """Variant spelling -> canonical, from the ``name_variants`` table."""
    table = rules.table("name_variants")
    return dict(
        zip(table["variant"].str.casefold(), table["canonical"].str.casefold(), strict=True)
    )


def _listed_names(entity: pd.Series, aliases: pd.Series, ref_row: pd.Series) -> pd.DataFrame:
    long = pd.DataFrame({"entity": entity, "alias": aliases, "ref_row": ref_row})
    long = long.explode("alias", ignore_index=True)
    long = long[long["alias"].notna() & (long["alias"] != "")]
    return long.astype({"entity": "str", "alias": "str", "ref_row": "int64"})


def _uflpa_names(rules: LoadedRuleSet) -> pd.DataFrame:
    table = rules.table("uflpa_entity_list")
    split = table["aliases"].str.split(r"\s*;\s*", regex=True)
    names = (table["entity_name"].map(lambda n: [n]) + split).astype(object)
    return _listed_names(table["entity_name"], names, table["ref_row"])


def _cbp_names(rules: LoadedRuleSet) -> pd.DataFrame:
    table = rules.table("cbp_wro")
    names = table["entity_or_merchandise"].str.split(_CBP_SPLIT, regex=True).astype(object)
    return _listed_names(table["entity_or_merchandise"], names, table["ref_row"])


def _screens(rules: LoadedRuleSet) -> tuple[_Screen, ...]:
    if "entity_screens" not in rules.cache:
        folds = variants(rules)
        screens = []
        for rule, kind, names in (
            ("entity_list.uflpa", "uflpa_entity_list", _uflpa_names(rules)),
            ("entity_list.cbp_wro", "cbp_wro", _cbp_names(rules)),
        ):
            codes, norm = normalise_distinct(names["alias"], folds)
            names = names.assign(norm=norm[codes])
            names = names[names["norm"] != ""].drop_duplicates(["entity", "norm"])
            names = names.assign(sorted=token_sorted(names["norm"].to_numpy(dtype=object)))
            screens.append(_Screen(rule, rules.edition(kind), names.reset_index(drop=True)))
        rules.cache["entity_screens"] = tuple(screens)
    return rules.cache["entity_screens"]


def token_sorted(names: np.ndarray) -> np.ndarray:
    """What ``fuzz.token_sort_ratio`` compares: the processed name, its words sorted."""
    out = np.empty(len(names), dtype=object)
    out[:] = [" ".join(sorted(utils.default_process(n).split())) for n in names]
    return out


LENGTH_BAND = 1.3  # one cdist call per band of queries whose lengths are within 30%


def _similarities(
    queries: np.ndarray, choices: np.ndarray, low: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(query index, choice index, ``fuzz.ratio``) of every pair scoring ``low`` or more, in
    row-major order, as from one ``cdist`` over all pairs.

    ``fuzz.ratio`` is ``100 * (1 - indel / (lq + lc))`` and ``indel >= |lq - lc|``, so a pair can
    reach ``low`` only if the shorter is at least ``low / (200 - low)`` of the longer. Queries are
    taken in bands of similar length, each against the choices its lengths allow: fewer pairs,
    the same result.
    """
    q_len = np.fromiter(map(len, queries), dtype="int64", count=len(queries))
    c_len = np.fromiter(map(len, choices), dtype="int64", count=len(choices))
    ratio, slack = low / (200.0 - low), 1e-6
    order = np.argsort(q_len, kind="stable")
    by_len = q_len[order]
    parts, start = [], 0
    while start < len(order):
        end = int(np.searchsorted(by_len, by_len[start] * LENGTH_BAND, side="right"))
        allowed = (c_len >= by_len[start] * ratio - slack) & (
            c_len * ratio <= by_len[end - 1] + slack
        )
        wanted, rows = np.nonzero(allowed)[0], order[start:end]
        if len(wanted):
            matrix = process.cdist(
                queries[rows],
                choices[wanted],
                scorer=fuzz.ratio,
                score_cutoff=low,
                workers=-1,
                dtype=np.float32,
            )
            qi, ci = np.nonzero(matrix)  # below the cutoff cdist gives 0
            parts.append((rows[qi], wanted[ci], matrix[qi, ci]))
        start = end
    if not parts:
        return np.empty(0, "int64"), np.empty(0, "int64"), np.empty(0, np.float32)
    qi, ci, scores = (np.concatenate(p) for p in zip(*parts, strict=True))
    row_major = np.lexsort((ci, qi))
    return qi[row_major], ci[row_major], scores[row_major]


def _all_matches(
    queries: np.ndarray, screens: tuple[_Screen, ...], cutoffs: tuple[float, ...]
) -> list[pd.DataFrame]:
    """Per screen: (query, entity, alias, ref_row, similarity) pairs at or above its cutoff.

    One ``cdist`` call covers every screen, so each query is processed once.
    """
    choices = pd.concat(
        [s.names.assign(screen=i) for i, s in enumerate(screens)], ignore_index=True
    )
    columns = ["query", "entity", "alias", "ref_row", "similarity"]
    if len(queries) == 0 or choices.empty:
        return [pd.DataFrame(columns=columns) for _ in screens]
    low = min(cutoffs)
    qi, ci, scores = _similarities(
        token_sorted(queries), choices["sorted"].to_numpy(dtype=object), low
    )
    raw = scores.astype("float64")
    found = choices.iloc[ci][["screen", "entity", "alias", "ref_row"]].reset_index(drop=True)
    found.insert(0, "query", queries[qi])
    found["similarity"] = np.round(raw, 1)
    found = found[raw >= np.asarray(cutoffs, dtype="float64")[found["screen"].to_numpy()]]
    found = found.sort_values(
        ["screen", "query", "entity", "similarity", "ref_row"],
        ascending=[True, True, True, False, True],
        kind="mergesort",
    ).drop_duplicates(["screen", "query", "entity"])
    return [
        found[found["screen"] == i][columns].reset_index(drop=True) for i in range(len(screens))
    ]


NameCodes = tuple[str, np.ndarray, np.ndarray]  # (rule suffix, row codes, normalised names)


def _distinct_names(work: pd.DataFrame, rules: LoadedRuleSet) -> tuple[list[NameCodes], np.ndarray]:
    """Supplier and parent names normalised once per distinct name, and the sorted queries."""
    folds = variants(rules)
    names = [
        (suffix, *normalise_distinct(work[column], folds))
        for column, suffix in (("supplier_name", ""), ("parent_company", ".parent"))
    ]
    queries = pd.unique(np.concatenate([norm for _, _, norm in names]))
    return names, queries[queries != ""]


def _matched_rows(names: list[NameCodes], queries: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Per name column: the rows whose normalised name is one of ``queries`` (any list)."""
    wanted = pd.Index(pd.unique(queries))
    found = []
    for suffix, codes, norm in names:
        matched = np.nonzero(wanted.get_indexer(norm) >= 0)[0]
        found.append((suffix, np.nonzero(np.isin(codes, matched))[0]))
    return found


def _candidates(
    names: list[NameCodes], rows_by_column: list[tuple[str, np.ndarray]], matches: pd.DataFrame
) -> pd.DataFrame:
    """Rows whose name or parent name matched, best match per (row, entity), name before parent."""
    parts = []
    for (suffix, codes, norm), (_, rows) in zip(names, rows_by_column, strict=True):
        query = pd.Series(norm[codes[rows]], dtype=object)
        parts.append(pd.DataFrame({"pos": rows, "query": query, "suffix": suffix}))
    asked = pd.concat(parts, ignore_index=True)
    hits = asked.merge(matches, on="query", how="inner")
    hits = hits.sort_values(
        ["pos", "entity", "similarity", "suffix"],
        ascending=[True, True, False, True],
        kind="mergesort",
    )
    return hits.drop_duplicates(["pos", "entity"]).reset_index(drop=True)


def _apply_decisions(hits: pd.DataFrame, ctx: ScoringContext, edition: str) -> pd.DataFrame:
    if ctx.decisions.empty or hits.empty:
        blank = pd.Series(pd.NA, index=hits.index, dtype="str")
        return hits.assign(status=blank, d_reason=blank, decided_by=blank, old_edition=blank)
    hits = hits.assign(key=ctx.keys.iloc[hits["pos"].to_numpy()].to_numpy())
    cols = ["supplier_key", "entity", "edition", "status", "reason", "decided_by"]
    decisions = ctx.decisions[cols].rename(
        columns={"supplier_key": "key", "reason": "d_reason", "edition": "d_edition"}
    )
    decisions = decisions.drop_duplicates(["key", "entity", "d_edition"], keep="last")
    current = decisions[decisions["d_edition"] == edition]
    older = decisions[decisions["d_edition"] != edition].drop_duplicates(
        ["key", "entity"], keep="last"
    )
    hits = hits.merge(current, on=["key", "entity"], how="left")
    hits = hits.merge(
        older[["key", "entity", "d_edition"]].rename(columns={"d_edition": "old_edition"}),
        on=["key", "entity"],
        how="left",
    )
    return hits[hits["status"].fillna("") != "dismissed"].reset_index(drop=True)


def _reasons(hits: pd.DataFrame, screen: _Screen, strong: float) -> pd.Series:
    who = np.where(hits["suffix"] == "", "Supplier name", "Parent company")
    reason = (
        pd.Series(who, dtype="str")
        + " matches listed entity '"
        + hits["entity"]
        + "' (as '"
        + hits["alias"]
        + "', similarity "
        + hits["similarity"].map("{:.1f}".format)
        + f") on the {screen.edition.label}"
    )
    confirmed = hits["status"].fillna("") == "confirmed"
    reason = reason.where(hits["similarity"] < strong, reason + "; strong match")
    reason = reason.where(
        ~confirmed,
        reason
        + "; match confirmed by "
        + hits["decided_by"].fillna("")
        + " ("
        + hits["reason"].fillna("")
        + ")",
    )
    reopened = hits["old_edition"].notna() & ~confirmed
    reason = reason.where(
        ~reopened,
        reason
        + "; an earlier decision under edition "
        + hits["old_edition"].fillna("")
        + " was re-opened because the list edition changed",
    )
    return reason + screen.edition.caveat_text()


def _screen_hits(
    hits: pd.DataFrame,
    rules: LoadedRuleSet,
    ctx: ScoringContext,
    screen: _Screen,
    strong: float,
    points: tuple[float, float],
) -> pd.DataFrame:
    hits = _apply_decisions(hits, ctx, screen.edition.edition).rename(
        columns={"d_reason": "reason"}
    )
    if hits.empty:
        return empty_hits()
    is_strong = (hits["similarity"] >= strong) | (hits["status"].fillna("") == "confirmed")
    parent = np.where(hits["suffix"] == "", 1.0, rules.params["entity_list"]["parent_factor"])
    return make_hits(
        hits["pos"],
        screen.rule + hits["suffix"],
        np.where(is_strong, points[0], points[1]) * parent,
        _reasons(hits, screen, strong),
        source_text(screen.edition, hits["ref_row"]),
        critical=is_strong.to_numpy() & (points[0] > 0),
        entity=hits["entity"],
        similarity=hits["similarity"],
        edition=screen.edition.edition,
        dataset=screen.edition.kind,
        ref_row=hits["ref_row"],
    )


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """Entity-list hits for every supplier in ``work``."""
    p = rules.params["entity_list"]
    screens = _screens(rules)
    names, queries = _distinct_names(work, rules)
    uflpa, cbp = _all_matches(queries, screens, (p["possible_similarity"], p["cbp_similarity"]))
    rows = _matched_rows(names, np.concatenate([uflpa["query"], cbp["query"]]).astype(object))
    found = _screen_hits(
        _candidates(names, rows, uflpa),
        rules,
        ctx,
        screens[0],
        p["strong_similarity"],
        (p["strong_points"], p["possible_points"]),
    )
    cbp_found = _screen_hits(
        _candidates(names, rows, cbp),
        rules,
        ctx,
        screens[1],
        101.0,
        (p["cbp_points"], p["cbp_points"]),
    )
    cbp_found["critical"] = False
    return pd.concat([found, cbp_found], ignore_index=True)


def decisions_frame(decisions: object) -> pd.DataFrame:
    """Decisions (objects with the EntityDecision attributes) as a frame, in the given order."""
    cols = ["supplier_key", "entity", "edition", "status", "reason", "decided_by"]
    rows = [[str(getattr(d, c)) for c in cols] for d in decisions]  # type: ignore[attr-defined]
    return pd.DataFrame(rows, columns=cols, dtype="str")
