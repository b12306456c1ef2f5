"""Rule family 3: country x good against the DOL List of Goods (TVPRA).

Each (supplier country, good) pair listed by DOL scores ``forced_labour_points`` when listed for
forced labour, else ``child_labour_points``. A downstream row (e.g. CN Solar Modules) scores what
its input listing scores (CN Polysilicon, forced labour), times ``downstream_factor``, and cites
both rows. When goods are not given and the country has DOL listings, ``unknown_goods_points``
apply (never more than a child-labour listing, so adding a listed good can never lower the score).
The family total is capped at ``max_points``.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd

from supplychain.domain.reference import Edition
from supplychain.domain.rules.base import (
    ScoringContext,
    as_text,
    cap_points,
    make_hits,
    source_text,
)
from supplychain.domain.ruleset import LoadedRuleSet


def _listings(rules: LoadedRuleSet) -> pd.DataFrame:
    """DOL rows with points, and downstream rows joined to their input listing."""
    if "dol_listings" in rules.cache:
        return rules.cache["dol_listings"]
    p = rules.params["country_goods"]
    dol = rules.table("dol_goods").assign(key=lambda t: t["good"].str.casefold())
    forced, child = dol["forced_labor"] == "true", dol["child_labor"] == "true"
    dol["points"] = np.select(
        [forced, child], [p["forced_labour_points"], p["child_labour_points"]], 0.0
    )
    dol["kind"] = np.select([forced, child], ["forced_labour", "child_labour"], "downstream")
    links = rules.table("dol_downstream_inputs")
    inputs = dol[["iso2", "good", "points", "kind", "ref_row"]].add_prefix("in_")
    links = links.merge(
        inputs, left_on=["input_iso2", "input_good"], right_on=["in_iso2", "in_good"]
    )
    down = dol[dol["downstream_good"] == "true"].merge(
        links[
            [
                "downstream_iso2",
                "downstream_good",
                "in_good",
                "in_iso2",
                "in_points",
                "in_kind",
                "in_ref_row",
            ]
        ].rename(columns={"downstream_good": "good_name"}),
        left_on=["iso2", "good"],
        right_on=["downstream_iso2", "good_name"],
        how="left",
    )
    down["points"] = down["in_points"].fillna(0.0) * p["downstream_factor"]
    direct = dol[dol["downstream_good"] != "true"]
    listings = pd.concat([direct, down], ignore_index=True)
    rules.cache["dol_listings"] = _explained(listings, rules.edition("dol_goods"))
    return rules.cache["dol_listings"]


def _explained(listings: pd.DataFrame, edition: Edition) -> pd.DataFrame:
    """Listings with their ``rule``, ``reason`` and ``source`` text (computed once per listing)."""
    source = source_text(edition, listings["ref_row"])
    in_row = listings["in_ref_row"].astype("Int64").astype("str")
    source = source.where(
        listings["kind"] != "downstream",
        source + " (downstream) and row " + in_row + " (input listing)",
    )
    return listings.assign(
        rule=as_text("country_goods." + listings["kind"]),
        reason=as_text(_reason(listings, edition.label)),
        source=as_text(source),
    )


def _goods_lengths(goods: np.ndarray) -> np.ndarray:
    """How many goods each supplier lists (goods are tuples, lists or arrays; missing is 0)."""
    present = ~pd.isna(goods)
    lengths = np.zeros(len(goods), dtype="int64")
    lengths[present] = np.fromiter(map(len, goods[present]), dtype="int64", count=present.sum())
    return lengths


def has_goods(work: pd.DataFrame) -> pd.Series:
    """True where the supplier lists at least one good."""
    return pd.Series(_goods_lengths(work["goods"].to_numpy(dtype=object)) > 0, index=work.index)


def _pairs(work: pd.DataFrame) -> pd.DataFrame:
    """One row per (supplier, good it lists): ``pos``, ``iso2``, ``good`` and the matching
    ``key`` (the good folded)."""
    goods = work["goods"].to_numpy(dtype=object)
    if str in set(map(type, goods)):  # a bare name, not a sequence of names
        goods = goods.copy()
        for i in np.nonzero([isinstance(g, str) for g in goods])[0]:
            goods[i] = (goods[i],)
    lengths = _goods_lengths(goods)
    flat = np.empty(int(lengths.sum()), dtype=object)
    flat[:] = list(chain.from_iterable(goods[lengths > 0]))
    pairs = pd.DataFrame(
        {
            "pos": np.repeat(work.index.to_numpy(), lengths),
            "iso2": np.repeat(as_text(work["country"]).to_numpy(), lengths),
            "good": flat,
        }
    ).dropna(subset=["good"])
    codes, uniques = pd.factorize(pairs["good"])
    keys = pd.Series(uniques, dtype="str").str.normalize("NFKC").str.strip().str.casefold()
    pairs["key"] = pd.Series(as_text(keys).to_numpy()[codes], index=pairs.index, dtype=object)
    return pairs.drop_duplicates(["pos", "key"])


def _reason(found: pd.DataFrame, label: str) -> pd.Series:
    what = found["kind"].map(
        {"forced_labour": "forced labour", "child_labour": "child labour only"}
    )
    both = (found["kind"] == "forced_labour") & (found["child_labor"] == "true")
    what = what.where(~both, "forced labour and child labour")
    direct = found["good"] + " from " + found["country"] + " is on the " + label + " for " + what
    down = (
        found["good"]
        + " from "
        + found["country"]
        + " is listed on the "
        + label
        + " as a downstream good made with "
        + found["in_good"].fillna("an input")
        + " from "
        + found["in_iso2"].fillna("?")
        + ", itself listed for "
        + found["in_kind"]
        .map({"forced_labour": "forced labour", "child_labour": "child labour"})
        .fillna("(input listing not found)")
    )
    return direct.where(found["kind"] != "downstream", down)


def _listed_hits(work: pd.DataFrame, rules: LoadedRuleSet) -> pd.DataFrame:
    edition = rules.edition("dol_goods")
    listings = _listings(rules).rename(columns={"good": "dol_good"})
    found = _pairs(work).drop(columns=["good"]).merge(listings, on=["iso2", "key"], how="inner")
    return make_hits(
        found["pos"],
        found["rule"],
        found["points"],
        found["reason"],
        found["source"],
        entity=found["dol_good"],
        edition=edition.edition,
        dataset=edition.kind,
        ref_row=found["ref_row"],
    )


def _country_counts(rules: LoadedRuleSet) -> pd.DataFrame:
    """Per iso2: number of DOL listings, forced-labour listings and the unknown-goods reason."""
    if "dol_country_counts" in rules.cache:
        return rules.cache["dol_country_counts"]
    edition = rules.edition("dol_goods")
    table = rules.table("dol_goods").assign(forced=lambda t: t["forced_labor"] == "true")
    counts = table.groupby("iso2").agg(listed=("good", "size"), forced=("forced", "sum"))
    counts["reason"] = as_text(
        "Goods not given; "
        + counts.index.to_series()
        + " has "
        + counts["listed"].astype("str")
        + " goods on the "
        + edition.label
        + " ("
        + counts["forced"].astype("str")
        + " for forced labour); scored as a child-labour listing until goods are known"
    )
    rules.cache["dol_country_counts"] = counts
    return counts


def _unknown_hits(work: pd.DataFrame, rules: LoadedRuleSet) -> pd.DataFrame:
    edition = rules.edition("dol_goods")
    todo = pd.DataFrame({"country": as_text(work.loc[~has_goods(work), "country"])})
    todo = todo.join(_country_counts(rules), on="country", how="inner")
    return make_hits(
        todo.index.to_numpy(),
        "country_goods.unknown",
        float(rules.params["country_goods"]["unknown_goods_points"]),
        todo["reason"],
        f"{edition.title}, edition {edition.edition}, {edition.path.name} (rows for the country)",
        edition=edition.edition,
        dataset=edition.kind,
    )


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """DOL List of Goods hits, capped per supplier at ``max_points``."""
    hits = pd.concat([_listed_hits(work, rules), _unknown_hits(work, rules)], ignore_index=True)
    return cap_points(hits, float(rules.params["country_goods"]["max_points"]))
