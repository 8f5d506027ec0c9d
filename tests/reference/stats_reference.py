#!/usr/bin/python3
"""Reference values for the T&S statistics of spameval (METHODS.md sections 4-8).

Run with Debian's interpreter (python3-sklearn, python3-scipy, python3-statsmodels):

    /usr/bin/python3 tests/reference/stats_reference.py > tests/reference/stats-expected.json

Every case carries its own input data, so the TypeScript tests read inputs and expected values
from the same JSON. Each expected block names its `source`: a library call (sklearn, scipy,
statsmodels) or "numpy" where no library has the statistic and this script implements the
documented formula independently of the TypeScript code (different algorithm where possible:
e.g. Krippendorff's alpha here goes through the general coincidence-matrix D_o/D_e form, the TS
code through the nominal closed form).
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy.stats import beta as beta_dist
from scipy.stats import binom, chi2, norm
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
from statsmodels.stats.proportion import proportion_confint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# diff_reference.py imports Mulberry32 from this module
from mulberry32 import Mulberry32, bootstrap_indices, percentile_interval  # noqa: E402


def clean(x):
    """JSON has no NaN/inf: undefined values become null (the TS side returns null too)."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if (math.isnan(x) or math.isinf(x)) else x
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


# ---------------------------------------------------------------------------------------------
# 6. Reviewer agreement
# ---------------------------------------------------------------------------------------------

def reliability_to_items(rows, coders, labels):
    """rows[c][u] = value or None (coder c, unit u) -> items with reviews."""
    n_units = len(rows[0])
    items = []
    for u in range(n_units):
        reviews = []
        for c, coder in enumerate(coders):
            v = rows[c][u]
            if v is not None:
                reviews.append({"reviewer": coder, "label": str(v)})
        items.append({"id": f"u{u + 1:02d}", "label": labels[0], "reviews": reviews})
    return items


def table_to_items(table, labels):
    """Item x category count table (Fleiss layout) -> items; reviewer names r1..rn per item."""
    items = []
    for i, row in enumerate(table):
        reviews = []
        k = 0
        for c, count in enumerate(row):
            for _ in range(count):
                k += 1
                reviews.append({"reviewer": f"r{k}", "label": labels[c]})
        items.append({"id": f"s{i + 1:02d}", "label": labels[0], "reviews": reviews})
    return items


def dedup_reviews(item):
    """One label per (item, reviewer): the first review wins (same rule as the TS code)."""
    seen = {}
    for r in item.get("reviews", []):
        seen.setdefault(r["reviewer"], r)
    return list(seen.values())


def count_vector(item, labels):
    counts = np.zeros(len(labels))
    for r in dedup_reviews(item):
        counts[labels.index(r["label"])] += 1
    return counts


def kripp_alpha_general(items, labels, metric):
    """Krippendorff (2011): coincidence matrix, D_o and D_e with a distance delta^2.

    metric 'nominal': delta^2 = [c != k]; 'interval': (c - k)^2 on the numeric labels.
    """
    K = len(labels)
    o = np.zeros((K, K))
    units = 0
    for it in items:
        counts = count_vector(it, labels)
        m = counts.sum()
        if m < 2:
            continue
        units += 1
        # ordered pairs from different coders: n_c * n_k for c != k, n_c (n_c - 1) on the diagonal
        pairs = np.outer(counts, counts) - np.diag(counts)
        o += pairs / (m - 1)
    if metric == "nominal":
        d2 = 1.0 - np.eye(K)
    else:
        v = np.array([float(x) for x in labels])
        d2 = (v[:, None] - v[None, :]) ** 2
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n == 0:
        return None, units, 0.0, None, None
    d_o = (o * d2).sum() / n
    d_e = (np.outer(n_c, n_c) * d2).sum() / (n * (n - 1))
    alpha = None if d_e == 0 else 1.0 - d_o / d_e
    return alpha, units, n, d_o, d_e


def item_signals(item, labels):
    counts = count_vector(item, labels)
    m = int(counts.sum())
    out = {"id": item["id"], "m": m, "counts": {labels[k]: int(counts[k]) for k in range(len(labels))}}
    flagged = bool(item.get("gray_area", False))
    if m == 0:
        out.update(topShare=None, uniqueMajority=None, entropy=None, normalizedEntropy=None, pairAgreement=None)
    else:
        q = counts / m
        top = counts.max()
        winners = [labels[k] for k in range(len(labels)) if counts[k] == top]
        nz = q[q > 0]
        h = float(-(nz * np.log2(nz)).sum())
        out.update(
            topShare=float(top / m),
            uniqueMajority=winners[0] if len(winners) == 1 else None,
            entropy=h,
            normalizedEntropy=h / math.log2(len(labels)),
            pairAgreement=None if m < 2 else float((counts * (counts - 1)).sum() / (m * (m - 1))),
        )
    reasons = []
    if flagged:
        reasons.append("flagged")
    if m >= 2 and out["topShare"] < 0.75:
        reasons.append("split")
    if m >= 2 and out["uniqueMajority"] is None:
        reasons.append("no_majority")
    if reasons:
        status = "gray"
    elif m < 2:
        status = "unreviewed"
    else:
        status = "clear"
    out["status"] = status
    out["grayReasons"] = reasons
    return out


def cohen_pair(a_labels, b_labels, labels, positive):
    n = len(a_labels)
    res = {"n": n}
    if n == 0:
        res.update(percentAgreement=None, kappa=None)
    else:
        res["percentAgreement"] = float(np.mean([x == y for x, y in zip(a_labels, b_labels)]))
        k = cohen_kappa_score(a_labels, b_labels, labels=labels)
        res["kappa"] = None if math.isnan(k) else float(k)
    if len(labels) == 2:
        a = sum(1 for x, y in zip(a_labels, b_labels) if x == positive and y == positive)
        d = sum(1 for x, y in zip(a_labels, b_labels) if x != positive and y != positive)
        bc = n - a - d
        res["positiveAgreement"] = None if 2 * a + bc == 0 else 2 * a / (2 * a + bc)
        res["negativeAgreement"] = None if 2 * d + bc == 0 else 2 * d / (2 * d + bc)
    return res


def reviewer_agreement_reference(items, labels, positive):
    signals = [item_signals(it, labels) for it in items]
    # percent agreement: mean of P_i, and pooled pairwise
    multi = [s for s in signals if s["m"] >= 2]
    if multi:
        mean_pi = float(np.mean([s["pairAgreement"] for s in multi]))
        num = sum(sum(c * (c - 1) for c in s["counts"].values()) for s in multi)
        den = sum(s["m"] * (s["m"] - 1) for s in multi)
        pooled = num / den
    else:
        mean_pi = pooled = None
    # Cohen per reviewer pair (sklearn)
    reviewers = sorted({r["reviewer"] for it in items for r in dedup_reviews(it)})
    pairs = []
    for i, ra in enumerate(reviewers):
        for rb in reviewers[i + 1:]:
            xa, xb = [], []
            for it in items:
                lab = {r["reviewer"]: r["label"] for r in dedup_reviews(it)}
                if ra in lab and rb in lab:
                    xa.append(lab[ra])
                    xb.append(lab[rb])
            res = cohen_pair(xa, xb, labels, positive)
            res.update(a=ra, b=rb)
            pairs.append(res)
    # Fleiss on items with the full complement (the largest number of reviews any item has)
    full = max((s["m"] for s in signals), default=0)
    complete = [it for it, s in zip(items, signals) if s["m"] == full and full >= 2]
    if complete:
        # aggregate_raters wants subjects x raters of category codes
        codes = np.array([[labels.index(r["label"]) for r in dedup_reviews(it)] for it in complete])
        table, _ = aggregate_raters(codes, n_cat=len(labels))
        with np.errstate(divide="ignore", invalid="ignore"):
            fk = float(fleiss_kappa(table, method="fleiss"))
        fk = None if math.isnan(fk) or math.isinf(fk) else fk
    else:
        fk = None
    alpha, units, n_values, d_o, d_e = kripp_alpha_general(items, labels, "nominal")
    return {
        "percentAgreement": {"meanItem": mean_pi, "pooledPairwise": pooled, "items": len(multi)},
        "cohenPairs": pairs,
        "fleiss": {"kappa": fk, "items": len(complete), "ratersPerItem": full},
        "krippendorff": {"alpha": alpha, "units": units, "pairableValues": n_values,
                         "observedDisagreement": d_o, "expectedDisagreement": d_e},
        "items": signals,
    }


def candidate_agreement_reference(items, predictions, labels, positive, theta):
    signals = {s["id"]: s for s in (item_signals(it, labels) for it in items)}
    reviewers = sorted({r["reviewer"] for it in items for r in dedup_reviews(it)})
    groups = sorted({r["group"] for it in items for r in dedup_reviews(it) if "group" in r})
    def agreement_where(keep):
        xa, xb = [], []
        for it in items:
            if it["id"] in predictions:
                for r in dedup_reviews(it):
                    if keep(r):
                        xa.append(predictions[it["id"]])
                        xb.append(r["label"])
        return cohen_pair(xa, xb, labels, positive)

    per_reviewer = [agreement_where(lambda r, rv=rv: r["reviewer"] == rv) | {"reviewer": rv} for rv in reviewers]
    per_group = [agreement_where(lambda r, g=g: r.get("group") == g) | {"group": g} for g in groups]
    soft, any_one, share, majority, gray_ok, clear_ok = [], [], [], [], [], []
    for it in items:
        if it["id"] not in predictions:
            continue
        p = predictions[it["id"]]
        s = signals[it["id"]]
        if s["status"] == "gray":
            gray_ok.append(p == it["label"])
        elif s["status"] == "clear":
            clear_ok.append(p == it["label"])
        if s["m"] == 0:
            continue
        q = s["counts"][p] / s["m"]
        soft.append(q)
        any_one.append(s["counts"][p] >= 1)
        share.append(q >= theta)
        if s["uniqueMajority"] is not None:
            majority.append(p == s["uniqueMajority"])
    mean = lambda xs: (float(np.mean(xs)) if xs else None)  # noqa: E731
    return {
        "reviewers": per_reviewer,
        "groups": per_group,
        "softAccuracy": mean(soft),
        "anyReviewerAccuracy": mean(any_one),
        "shareAccuracy": mean(share),
        "reviewedItems": len(soft),
        "majorityAccuracy": mean(majority),
        "majorityItems": len(majority),
        "grayAccuracy": mean(gray_ok),
        "grayItems": len(gray_ok),
        "clearAccuracy": mean(clear_ok),
        "clearItems": len(clear_ok),
    }


def agreement_section():
    cases = []

    # Wikipedia / krippendorff package tests: 3 coders x 15 units, values 1..4, '*' missing.
    rows = [
        [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
        [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
        [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
    ]
    labels = ["1", "2", "3", "4"]
    items = reliability_to_items(rows, ["A", "B", "C"], labels)
    a_nom = kripp_alpha_general(items, labels, "nominal")[0]
    a_int = kripp_alpha_general(items, labels, "interval")[0]
    assert round(a_nom, 6) == 0.691358, a_nom
    assert round(a_int, 6) == 0.810845, a_int
    cases.append({"name": "krippendorff-3x15", "labels": labels, "positive": labels[0], "items": items,
                  "published": {"krippendorffNominal": 0.691358},
                  "source": "numpy coincidence matrix (checked against the published 0.691358 nominal "
                            "and 0.810845 interval); sklearn cohen_kappa_score; statsmodels fleiss_kappa",
                  "expected": reviewer_agreement_reference(items, labels, labels[0])})

    # Krippendorff (2011) "Computing Krippendorff's alpha-reliability", example C:
    # 4 observers x 12 units with gaps (same data as the krippendorff package's ordinal test).
    rows = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    labels = ["1", "2", "3", "4", "5"]
    items = reliability_to_items(rows, ["A", "B", "C", "D"], labels)
    a_nom = kripp_alpha_general(items, labels, "nominal")[0]
    a_int = kripp_alpha_general(items, labels, "interval")[0]
    assert round(a_nom, 5) == 0.74342, a_nom
    assert round(a_int, 5) == 0.84911, a_int
    cases.append({"name": "krippendorff-2011-example-c", "labels": labels, "positive": labels[0],
                  "items": items, "published": {"krippendorffNominal": 0.74342},
                  "source": "numpy coincidence matrix (checked against Krippendorff 2011: nominal 0.743, "
                            "interval 0.849); sklearn; statsmodels",
                  "expected": reviewer_agreement_reference(items, labels, labels[0])})

    # Wikipedia's Fleiss example: 10 subjects, 14 raters, 5 categories -> 0.2099.
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]
    labels = ["c1", "c2", "c3", "c4", "c5"]
    items = table_to_items(table, labels)
    fk = fleiss_kappa(np.array(table), method="fleiss")
    assert round(fk, 4) == 0.2099, fk
    expected = reviewer_agreement_reference(items, labels, labels[0])
    assert abs(expected["fleiss"]["kappa"] - fk) < 1e-15
    cases.append({"name": "fleiss-wikipedia", "labels": labels, "positive": labels[0], "items": items,
                  "published": {"fleissKappa": 0.2099},
                  "source": "statsmodels fleiss_kappa (0.2099 as published); numpy Krippendorff",
                  "expected": expected})

    # Cohen (1960) / Wikipedia: [[20, 5], [10, 15]] (rows rater A yes/no, columns rater B) -> 0.4.
    labels = ["spam", "not_spam"]
    items = []
    cells = [("spam", "spam", 20), ("spam", "not_spam", 5), ("not_spam", "spam", 10), ("not_spam", "not_spam", 15)]
    for la, lb, count in cells:
        for _ in range(count):
            items.append({"id": f"c{len(items) + 1:02d}", "label": la,
                          "reviews": [{"reviewer": "A", "label": la}, {"reviewer": "B", "label": lb}]})
    expected = reviewer_agreement_reference(items, labels, "spam")
    assert abs(expected["cohenPairs"][0]["kappa"] - 0.4) < 1e-12
    cases.append({"name": "cohen-wikipedia", "labels": labels, "positive": "spam", "items": items,
                  "published": {"cohenKappa": 0.4},
                  "source": "sklearn cohen_kappa_score (0.4 as published); specific agreement 2a/(2a+b+c)",
                  "expected": expected})

    # A spam review panel: two groups, missing labels, an unreviewed and an unlabeled item,
    # a tie, a flagged item, a 2-review split.
    labels = ["spam", "not_spam"]
    S, N = "spam", "not_spam"
    who = {"sme-1": "sme", "sme-2": "sme", "va-1": "vendor-a", "va-2": "vendor-a"}
    raw = [
        ("i01", S, False, {"sme-1": S, "sme-2": S, "va-1": S, "va-2": S}),
        ("i02", S, False, {"sme-1": S, "sme-2": S, "va-1": S, "va-2": N}),
        ("i03", N, False, {"sme-1": N, "sme-2": N, "va-1": N, "va-2": N}),
        ("i04", N, False, {"sme-1": N, "sme-2": N, "va-1": S, "va-2": S}),
        ("i05", S, False, {"sme-1": S, "sme-2": N, "va-1": S}),
        ("i06", N, False, {"sme-1": N, "va-1": N}),
        ("i07", S, False, {"sme-1": S}),
        ("i08", N, False, {}),
        ("i09", N, True, {"sme-1": N, "sme-2": N, "va-1": N, "va-2": N}),
        ("i10", S, False, {"sme-1": S, "sme-2": S, "va-1": N, "va-2": S}),
        ("i11", N, False, {"sme-1": N, "sme-2": N, "va-1": N, "va-2": S}),
        ("i12", S, False, {"sme-2": S, "va-2": S, "va-1": S}),
        ("i13", N, False, {"sme-1": N, "sme-2": S}),
        ("i14", S, False, {"sme-1": S, "sme-2": S, "va-1": S, "va-2": S}),
    ]
    items = []
    for iid, gold, flag, revs in raw:
        it = {"id": iid, "label": gold,
              "reviews": [{"reviewer": r, "label": l, "group": who[r]} for r, l in revs.items()]}
        if flag:
            it["gray_area"] = True
        items.append(it)
    # a duplicate review by the same reviewer: ignored (first wins)
    items[0]["reviews"].append({"reviewer": "sme-1", "label": N, "group": "sme"})
    predictions = {"i01": S, "i02": S, "i03": N, "i04": S, "i05": N, "i06": N, "i07": S, "i09": S,
                   "i10": S, "i11": N, "i12": S, "i13": S, "i14": S}
    theta = 1 / 3
    cases.append({"name": "spam-panel", "labels": labels, "positive": "spam", "items": items,
                  "predictions": predictions, "acceptShare": theta,
                  "source": "sklearn cohen_kappa_score(labels=); statsmodels aggregate_raters + fleiss_kappa "
                            "on the 8 items with 4 reviews; numpy Krippendorff and per-item signals",
                  "expected": reviewer_agreement_reference(items, labels, "spam"),
                  "expectedCandidate": candidate_agreement_reference(items, predictions, labels, "spam", theta)})

    # Everyone says spam: p_e = 1 (Cohen undefined; sklearn gives nan), D_e = 0, Fleiss P_e = 1.
    items = [{"id": f"u{i}", "label": S, "reviews": [{"reviewer": "A", "label": S}, {"reviewer": "B", "label": S}]}
             for i in range(3)]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = reviewer_agreement_reference(items, labels, "spam")
    assert expected["cohenPairs"][0]["kappa"] is None and expected["krippendorff"]["alpha"] is None
    cases.append({"name": "unanimous", "labels": labels, "positive": "spam", "items": items,
                  "source": "sklearn returns nan for kappa (p_e = 1); D_e = 0; statsmodels fleiss nan",
                  "expected": expected})

    # Nobody shares an item: no pairable values at all.
    items = [{"id": "u1", "label": S, "reviews": [{"reviewer": "A", "label": S}]},
             {"id": "u2", "label": N, "reviews": [{"reviewer": "B", "label": N}]},
             {"id": "u3", "label": N}]
    cases.append({"name": "no-pairs", "labels": labels, "positive": "spam", "items": items,
                  "source": "definitions (every statistic undefined)",
                  "expected": reviewer_agreement_reference(items, labels, "spam")})
    return cases


# ---------------------------------------------------------------------------------------------
# 7.1 McNemar
# ---------------------------------------------------------------------------------------------

def mcnemar_reference(b, c):
    n = b + c
    if n == 0:
        return {"b": b, "c": c, "exactP": 1.0, "midP": 1.0, "chi2": None, "chi2P": None,
                "chi2Corrected": None, "chi2CorrectedP": None, "source": "definition (b + c = 0)"}
    k = min(b, c)
    exact = sm_mcnemar([[0, b], [c, 0]], exact=True).pvalue
    mid = 2 * (binom.cdf(k, n, 0.5) - 0.5 * binom.pmf(k, n, 0.5))
    x2 = (b - c) ** 2 / n
    x2c = (abs(b - c) - 1) ** 2 / n
    sm_cc = sm_mcnemar([[0, b], [c, 0]], exact=False, correction=True)
    sm_nc = sm_mcnemar([[0, b], [c, 0]], exact=False, correction=False)
    assert abs(sm_cc.statistic - x2c) < 1e-12 and abs(sm_nc.statistic - x2) < 1e-12
    return {"b": b, "c": c, "exactP": float(exact), "midP": float(mid), "chi2": float(x2),
            "chi2P": float(chi2.sf(x2, 1)), "chi2Corrected": float(x2c), "chi2CorrectedP": float(chi2.sf(x2c, 1)),
            "source": "statsmodels mcnemar(exact=True) and (exact=False, correction=True/False); "
                      "scipy binom mid-p, chi2.sf"}


def mcnemar_section():
    tables = [mcnemar_reference(b, c) for b, c in
              [(2, 5), (1, 3), (1, 2), (0, 0), (0, 7), (4, 4), (10, 25), (37, 61), (300, 250), (0, 1)]]
    ex = tables[0]
    assert ex["exactP"] == 0.453125 and abs(ex["midP"] - 0.2890625) < 1e-15
    assert round(ex["chi2CorrectedP"], 4) == 0.4497 and round(ex["chi2P"], 4) == 0.2568
    # paired decisions of two models (labels), gold: overall, gold negatives (FP flips), gold
    # positives (FN flips)
    S, N = "spam", "not_spam"
    rows = [
        # gold, A, B
        (S, S, S), (S, S, N), (S, N, S), (S, N, S), (S, N, N), (S, S, S),
        (N, N, N), (N, N, S), (N, S, N), (N, S, N), (N, S, N), (N, S, S), (N, N, N), (N, N, N),
    ]
    items = [{"id": f"p{i + 1:02d}", "gold": g, "a": a, "b": bb} for i, (g, a, bb) in enumerate(rows)]

    def flips(sel, wrong):
        b = sum(1 for r in sel if not wrong(r, "a") and wrong(r, "b"))
        c = sum(1 for r in sel if wrong(r, "a") and not wrong(r, "b"))
        return mcnemar_reference(b, c)

    overall = flips(items, lambda r, m: r[m] != r["gold"])
    negatives = flips([r for r in items if r["gold"] != S], lambda r, m: r[m] == S)
    positives = flips([r for r in items if r["gold"] == S], lambda r, m: r[m] != S)
    return {"tables": tables,
            "paired": {"positive": S, "items": items,
                       "expected": {"overall": overall, "goldNegatives": negatives, "goldPositives": positives}}}


# ---------------------------------------------------------------------------------------------
# 2.3 / 7.2 Paired bootstrap (mulberry32 stream, index = floor(u * n), numpy 'linear' quantiles;
# all three from mulberry32.py)
# ---------------------------------------------------------------------------------------------

def binary_metric(name, gold, dec, idx):
    g = gold[idx]
    d = dec[idx]
    tp = int(np.sum(g & d))
    fp = int(np.sum(~g & d))
    fn = int(np.sum(g & ~d))
    if name == "precision":
        return None if tp + fp == 0 else tp / (tp + fp)
    if name == "recall":
        return None if tp + fn == 0 else tp / (tp + fn)
    if name == "f1":
        return None if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)
    raise ValueError(name)


def paired_bootstrap_reference(gold, dec_a, dec_b, metric, replicates, seed, confidence):
    n = len(gold)
    values = []
    dropped = 0
    for idx in bootstrap_indices(seed, n, replicates):
        a = binary_metric(metric, gold, dec_a, idx)
        b = binary_metric(metric, gold, dec_b, idx)
        if a is None or b is None:
            dropped += 1
        else:
            values.append(b - a)
    full = np.arange(n)
    pa, pb = binary_metric(metric, gold, dec_a, full), binary_metric(metric, gold, dec_b, full)
    low, high = percentile_interval(values, confidence)
    return {
        "metric": metric,
        "delta": None if pa is None or pb is None else pb - pa,
        "low": low,
        "high": high,
        "dropped": dropped,
        "replicates": replicates,
        "seed": seed,
        "confidence": confidence,
    }


def paired_bootstrap_section():
    r = Mulberry32(42)
    first = [r() for _ in range(5)]
    rs = np.random.RandomState(20240601)
    cases = []
    # 60 items, ~40% spam; B is A with 12 decisions flipped (fixes and new errors both)
    n = 60
    gold = rs.rand(n) < 0.4
    dec_a = np.where(gold, rs.rand(n) < 0.7, rs.rand(n) < 0.12)
    dec_b = dec_a.copy()
    for i in rs.choice(n, 12, replace=False):
        dec_b[i] = not dec_a[i]
    for metric in ["precision", "recall", "f1"]:
        cases.append({"name": f"sixty-{metric}", "gold": gold.tolist(), "a": dec_a.tolist(), "b": dec_b.tolist(),
                      "expected": paired_bootstrap_reference(gold, dec_a, dec_b, metric, 2000, 12345, 0.95)})
    # tiny set where A flags a single item: many replicates have no predicted positive -> dropped
    gold = np.array([True, True, True, False, False, False, False, True, False, False])
    dec_a = np.array([True, False, False, False, False, False, False, False, False, False])
    dec_b = np.array([True, True, False, True, False, False, False, True, False, False])
    cases.append({"name": "tiny-precision-dropped", "gold": gold.tolist(), "a": dec_a.tolist(), "b": dec_b.tolist(),
                  "expected": paired_bootstrap_reference(gold, dec_a, dec_b, "precision", 1000, 7, 0.9)})
    return {"mulberry32Seed42First5": first, "cases": cases,
            "source": "numpy port of mulberry32 + index rule floor(u*n) + np.quantile(method='linear')"}


# ---------------------------------------------------------------------------------------------
# 5. Prevalence and sampling-weight correction
# ---------------------------------------------------------------------------------------------

def stated_prevalence_reference(tp, fn, fp, tn, pi, confidence, per_items):
    n1, n0 = tp + fn, fp + tn
    out = {"counts": {"tp": tp, "fn": fn, "fp": fp, "tn": tn}, "prevalence": pi, "confidence": confidence,
           "perItems": per_items}
    if n1 == 0 or n0 == 0:
        out.update(precision=None, mercaldo=None, precisionLowerBound=None, npv=None, falseOmissionRate=None,
                   falseOmissionRateUpperBound=None, accuracy=None,
                   falsePositivesPerItems=None if n0 == 0 else per_items * (1 - pi) * fp / n0)
        return out
    tpr, fpr = tp / n1, fp / n0
    ppv_den = pi * tpr + (1 - pi) * fpr
    out["precision"] = None if ppv_den == 0 else pi * tpr / ppv_den
    if tp > 0 and fp > 0:
        z = norm.ppf(1 - (1 - confidence) / 2)
        lg = math.log(pi * tpr / ((1 - pi) * fpr))
        se = math.sqrt((1 - tpr) / (n1 * tpr) + (1 - fpr) / (n0 * fpr))
        out["mercaldo"] = [1 / (1 + math.exp(-(lg - z * se))), 1 / (1 + math.exp(-(lg + z * se)))]
    else:
        out["mercaldo"] = None
    # Bonferroni: one-sided CP at 1 - delta/2 each = the matching end of a two-sided 1 - delta CP interval
    delta = 1 - confidence
    tpr_l = proportion_confint(tp, n1, alpha=delta, method="beta")[0]
    fpr_u = proportion_confint(fp, n0, alpha=delta, method="beta")[1]
    out["precisionLowerBound"] = pi * tpr_l / (pi * tpr_l + (1 - pi) * fpr_u)
    npv_den = (1 - pi) * (1 - fpr) + pi * (1 - tpr)
    out["npv"] = None if npv_den == 0 else (1 - pi) * (1 - fpr) / npv_den
    out["falseOmissionRate"] = None if npv_den == 0 else pi * (1 - tpr) / npv_den
    fnr_u, tnr_l = 1 - tpr_l, 1 - fpr_u
    out["falseOmissionRateUpperBound"] = pi * fnr_u / (pi * fnr_u + (1 - pi) * tnr_l)
    out["accuracy"] = pi * tpr + (1 - pi) * (1 - fpr)
    out["falsePositivesPerItems"] = per_items * (1 - pi) * fpr
    return out


def design_ratio_reference(a, b, stratum, strata, weights, confidence):
    """Ratio of weighted totals; stratified linearized variance with FPC; Korn-Graubard CP."""
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    w = np.asarray(weights, float)
    den = float((w * b).sum())
    if den == 0:
        return None
    r = float((w * a).sum()) / den
    variance = None
    singletons = 0
    if strata is not None:
        total = 0.0
        for k, (name, N) in enumerate(strata):
            sel = np.asarray(stratum) == k
            n = int(sel.sum())
            if n == 0:
                continue
            if n == 1:
                singletons += 1
                continue
            e = a[sel] - r * b[sel]
            total += N ** 2 * max(0.0, 1 - n / N) * e.var(ddof=1) / n
        variance = total / den ** 2
    if variance is not None and variance > 0:
        n_eff, method = r * (1 - r) / variance, "design"
    else:
        wd = w[b > 0]
        n_eff, method = wd.sum() ** 2 / (wd ** 2).sum(), "kish"
    low, high = proportion_confint(min(r * n_eff, n_eff), n_eff, alpha=1 - confidence, method="beta")
    return {"value": r, "variance": variance, "effectiveDenominator": n_eff, "method": method,
            "low": float(low), "high": float(high), "singletonStrata": singletons}


def weighted_classification_reference(gold, dec, stratum, strata, weights, confidence):
    g = np.asarray(gold, bool)
    d = np.asarray(dec, bool)
    one = np.ones(len(g))
    f = lambda x: x.astype(float)  # noqa: E731
    parts = {
        "prevalence": (f(g), one), "precision": (f(g & d), f(d)), "recall": (f(g & d), f(g)),
        "specificity": (f(~g & ~d), f(~g)), "falsePositiveRate": (f(~g & d), f(~g)),
        "npv": (f(~g & ~d), f(~d)), "falseOmissionRate": (f(g & ~d), f(~d)),
        "accuracy": (f(g == d), one), "falsePositiveShare": (f(~g & d), one),
    }
    return {k: design_ratio_reference(x, y, stratum, strata, weights, confidence) for k, (x, y) in parts.items()}


def stratified_case(strata, stratum, gold, dec, prefix):
    """Items of a stratified sample with w = N_h / n_h, and their weighted metrics."""
    counts = [sum(1 for s in stratum if s == k) for k in range(len(strata))]
    weights = [strata[s][1] / counts[s] for s in stratum]
    return {
        "strata": {name: {"population": N} for name, N in strata},
        "items": [{"id": f"{prefix}{i + 1:03d}", "stratum": strata[s][0], "gold": g, "decided": d}
                  for i, (s, g, d) in enumerate(zip(stratum, gold, dec))],
        "expected": weighted_classification_reference(gold, dec, stratum, strata, weights, 0.95),
    }


def prevalence_section():
    stated = []
    for counts in [(36, 4, 3, 77), (20, 5, 0, 60), (0, 10, 5, 50), (40, 0, 2, 58), (10, 2, 0, 0)]:
        for pi in [0.02, 0.16]:
            stated.append(stated_prevalence_reference(*counts, pi, 0.95, 1_000_000))
    stated.append(stated_prevalence_reference(36, 4, 3, 77, 0.005, 0.9, 10_000))

    rs = np.random.RandomState(5)
    strata_def = [("high", 1500.0, 40, 0.8, 0.85), ("mid", 6000.0, 40, 0.3, 0.4), ("low", 92500.0, 40, 0.02, 0.03),
                  ("solo", 500.0, 1, 1.0, 1.0)]
    stratum, gold, dec = [], [], []
    for k, (name, N, n, p_spam, p_flag_given_spam) in enumerate(strata_def):
        for _ in range(n):
            y = rs.rand() < p_spam
            stratum.append(k)
            gold.append(bool(y))
            dec.append(bool(rs.rand() < (p_flag_given_spam if y else 0.08)))
    strata = [(name, N) for name, N, *_ in strata_def]
    counts = [sum(1 for s in stratum if s == k) for k in range(len(strata))]
    stratified = stratified_case(strata, stratum, gold, dec, "w")
    # independent route for the prevalence: sum_h (N_h/N) ybar_h and its stratified variance
    N = sum(Nh for _, Nh in strata)
    g = np.asarray(gold, float)
    st = np.asarray(stratum)
    pi_hat = sum(Nh / N * g[st == k].mean() for k, (_, Nh) in enumerate(strata))
    v_hat = sum((Nh / N) ** 2 * (1 - counts[k] / Nh) * g[st == k].var(ddof=1) / counts[k]
                for k, (_, Nh) in enumerate(strata) if counts[k] > 1)
    assert abs(pi_hat - stratified["expected"]["prevalence"]["value"]) < 1e-12
    assert abs(v_hat - stratified["expected"]["prevalence"]["variance"]) < 1e-15

    # item weights only (no strata): Kish n_eff
    rs = np.random.RandomState(11)
    n = 50
    gold_w = (rs.rand(n) < 0.3).tolist()
    dec_w = [bool(rs.rand() < (0.8 if y else 0.1)) for y in gold_w]
    w = np.round(rs.uniform(0.5, 20, n), 3).tolist()
    weighted = {"items": [{"weight": wi, "gold": gi, "decided": di} for wi, gi, di in zip(w, gold_w, dec_w)],
                "expected": weighted_classification_reference(gold_w, dec_w, None, None, w, 0.9)}

    # Kish fallback when the design variance is 0: 6 flagged items, all spam, one stratum
    strata_k = [("top", 60.0), ("rest", 940.0)]
    st_k = [0] * 6 + [1] * 10
    gold_k = [True] * 6 + [False] * 8 + [True] * 2
    dec_k = [True] * 6 + [False] * 10
    fallback = stratified_case(strata_k, st_k, gold_k, dec_k, "k")
    prec = fallback["expected"]["precision"]
    assert prec["value"] == 1 and prec["method"] == "kish" and round(prec["low"], 4) == 0.5407
    return {"stated": stated, "stratified": stratified, "weighted": weighted, "kishFallback": fallback,
            "source": "numpy implementation of METHODS 5.2/5.3 formulas; statsmodels proportion_confint("
                      "method='beta') for every Clopper-Pearson step (also at Korn-Graubard's fractional counts); "
                      "weighted prevalence cross-checked against sum_h (N_h/N) ybar_h and its textbook variance"}


# ---------------------------------------------------------------------------------------------
# 4.3-4.5 Triage: fixed-sequence testing, strictest first, exact binomial per threshold
# ---------------------------------------------------------------------------------------------

def cp_lower(x, n, alpha):
    """One-sided Clopper-Pearson lower bound at confidence 1 - alpha (scipy beta.ppf)."""
    if n == 0:
        return None
    if x == 0:
        return 0.0
    return float(beta_dist.ppf(alpha, x, n - x + 1))


def cp_upper(x, n, alpha):
    if n == 0:
        return None
    if x == n:
        return 1.0
    return float(beta_dist.ppf(1 - alpha, x + 1, n - x))


def n_min_reference(good, alpha):
    """Smallest n with binom.cdf(0; n, 1 - good) <= alpha, by scanning (scipy)."""
    n = 1
    while binom.cdf(0, n, 1 - good) > alpha:
        n += 1
    return n


def needed_reference(selected, errors, good, alpha, population):
    rate = 0 if selected == 0 else errors / selected
    out = {"selectedNeeded": None, "labeledNeeded": None, "additionalLabeled": None}
    if rate >= 1 - good:
        return out
    n = 1
    while True:
        x = (1 - rate) * n
        lower = alpha ** (1 / n) if rate == 0 else beta_dist.ppf(alpha, x, n - x + 1)
        if lower >= good:
            break
        n += 1
    out["selectedNeeded"] = n
    if selected > 0:
        out["labeledNeeded"] = math.ceil(n * population / selected)
        out["additionalLabeled"] = max(0, out["labeledNeeded"] - population)
    return out


def triage_side_reference(side, scores, gold, thresholds, good, target, alpha, start_rule, design=None,
                          korn_graubard=False):
    """design = (stratum, strata, weights) or None."""
    enforce = side == "enforce"
    rows = []
    for t in thresholds:
        if t is None:  # label-only candidate: scores are 1 (positive decision) / 0
            chosen = [s == 1 if enforce else s == 0 for s in scores]
        else:
            chosen = [s is not None and (s >= t if enforce else s < t) for s in scores]
        sel = sum(chosen)
        err = sum(1 for c, g in zip(chosen, gold) if c and (g != enforce))
        est = None if sel == 0 else ((sel - err) if enforce else err) / sel
        bound = pval = None
        start = sel
        if design is not None:
            stratum, strata, weights = design
            wsel = np.array([w for c, w in zip(chosen, weights) if c])
            start = 0.0 if len(wsel) == 0 else wsel.sum() ** 2 / (wsel ** 2).sum()
            counted = [1.0 if c and ((g != enforce) != enforce) else 0.0 for c, g in zip(chosen, gold)]
            r = design_ratio_reference(counted, [float(c) for c in chosen], stratum if strata else None, strata,
                                       weights, 0.95)
            est = None if r is None else r["value"]
            if korn_graubard and r is not None:
                ne = r["effectiveDenominator"]
                x = min(r["value"] * ne, ne)
                bound = (cp_lower(x, ne, alpha) if x < ne else alpha ** (1 / ne)) if enforce else cp_upper(x, ne, alpha)
        if not korn_graubard:
            pval = 1.0 if sel == 0 else float(binom.cdf(err, sel, 1 - good))
            if sel > 0:
                bound = cp_lower(sel - err, sel, alpha) if enforce else cp_upper(err, sel, alpha)
                # duality (METHODS 2.1): exact test rejects <=> one-sided CP bound passes
                assert (pval <= alpha) == (bound >= target if enforce else bound <= target)
        passes = (bound is not None and (bound >= target if enforce else bound <= target)) if korn_graubard \
            else pval <= alpha
        rows.append({"threshold": t, "selected": sel, "errors": err, "estimate": est, "bound": bound,
                     "pValue": pval, "passes": passes, "start": start})
    n_min = n_min_reference(good, alpha)

    def run(use_start):
        statuses, last, phase = [], None, "skip" if use_start else "test"
        for k, r in enumerate(rows):
            if phase == "skip" and r["start"] >= n_min:
                phase = "test"
            if phase == "skip":
                statuses.append("skipped_before_start")
            elif phase == "stopped":
                statuses.append("not_tested_after_stop")
            elif r["passes"]:
                statuses.append("rejected")
                last = k
            else:
                statuses.append("not_rejected_stop")
                phase = "stopped"
        return statuses, last

    statuses, last = run(start_rule)
    _, last_plain = run(False)
    out = {"startMinimum": n_min, "threshold": None if last is None else rows[last]["threshold"],
           "certified": last is not None,
           "thresholdWithoutStartRule": None if last_plain is None else rows[last_plain]["threshold"],
           "tests": [{k: v for k, v in r.items() if k not in ("passes", "start")} | {"status": st}
                     for r, st in zip(rows, statuses)]}
    if last is None:
        stop = statuses.index("not_rejected_stop") if "not_rejected_stop" in statuses else len(rows) - 1
        ref = rows[stop]
        population = sum(1 for s in scores if s is not None)
        out["itemsNeeded"] = needed_reference(ref["selected"], ref["errors"], good, alpha, population) | {
            "threshold": ref["threshold"]}
    return out, ([False] * len(scores) if last is None else
                 [(s == 1 if enforce else s == 0) if rows[last]["threshold"] is None else
                  (s is not None and (s >= rows[last]["threshold"] if enforce else s < rows[last]["threshold"]))
                  for s in scores])


def triage_reference(scores, gold, gray, p_e, q_c, delta, enforce_grid, clear_grid, start_rule=True,
                     design=None, korn_graubard=False, savings=None):
    alpha = delta / 2
    enf, in_e = triage_side_reference("enforce", scores, gold, enforce_grid, p_e, p_e, alpha, start_rule, design,
                                      korn_graubard)
    clr, in_c = triage_side_reference("clear", scores, gold, clear_grid, 1 - q_c, q_c, alpha, start_rule, design,
                                      korn_graubard)
    w = np.ones(len(scores)) if design is None else np.asarray(design[2], float)
    g = np.asarray(gold, bool)
    e = np.asarray(in_e, bool)
    c = np.asarray(in_c, bool)
    gr = np.asarray(gray, bool)

    def share(num, den):
        d = (w * den).sum()
        return None if d == 0 else float((w * (num & den)).sum() / d)

    allv = np.ones(len(scores), bool)
    auto = e | c
    out = {"enforce": enf, "clear": clr,
           "automationRate": share(auto, allv), "enforceShare": share(e, allv), "clearShare": share(c, allv),
           "humanShare": share(~auto, allv), "spamLeakRate": share(c, g), "enforceRecall": share(e, g),
           "grayShareAutoActioned": share(gr, auto)}
    row_e = next((r for r in enf["tests"] if r["status"] == "rejected" and r["threshold"] == enf["threshold"]), None)
    row_c = next((r for r in clr["tests"] if r["status"] == "rejected" and r["threshold"] == clr["threshold"]), None)
    out["enforcePrecision"] = None if row_e is None else row_e["estimate"]
    out["enforcePrecisionBound"] = None if row_e is None else row_e["bound"]
    out["falseClearRate"] = None if row_c is None else row_c["estimate"]
    out["falseClearRateBound"] = None if row_c is None else row_c["bound"]
    if savings is not None:
        V, aht, cost = savings
        automated = V * out["automationRate"]
        hours = automated * aht / 3600
        es = out["enforceShare"]
        cs = out["clearShare"]
        wrong = lambda p: 0.0 if es == 0 else (None if p is None else V * es * (1 - p))  # noqa: E731
        out["savings"] = {"automatedPerDay": automated, "reviewerHoursPerDay": hours, "costPerDay": hours * cost,
                          "wrongfulEnforcementsPerDay": {"value": wrong(out["enforcePrecision"]),
                                                         "upper": wrong(out["enforcePrecisionBound"])},
                          "spamLeaksPerDay": 0.0 if cs == 0 else V * cs * out["falseClearRate"]}
    return out


def example2_like():
    """A 120-item set shaped like METHODS Example 2: tau_hi = 0.71, tau_lo = 0.31 at p_E = 0.9, q_C = 0.1."""
    items = []
    # 40 spam at 0.71..0.99 (two at 0.99, then spread), one ham at 0.70
    hi = [0.99, 0.99] + [round(0.98 - 0.01 * (k % 28), 2) for k in range(38)]
    items += [(s, True) for s in hi]
    items.append((0.70, False))
    # 50 ham below 0.31; a spam and a ham exactly at 0.31 enter together at t = 0.32
    lo = [round(0.01 + 0.01 * (k % 30), 2) for k in range(50)]
    items += [(s, False) for s in lo]
    items += [(0.31, True), (0.31, False)]
    # 27 mixed items in the human band 0.32..0.69
    rs = np.random.RandomState(2)
    for _ in range(27):
        s = round(float(rs.uniform(0.32, 0.69)), 2)
        items.append((s, bool(rs.rand() < s)))
    return items


def triage_section():
    enforce_grid = [(99 - k) / 100 for k in range(50)]
    clear_grid = [(1 + k) / 100 for k in range(50)]
    cases = []

    items = example2_like()
    scores = [s for s, _ in items]
    gold = [g for _, g in items]
    gray = [0.6 <= s <= 0.75 for s in scores]
    ref = triage_reference(scores, gold, gray, 0.90, 0.10, 0.05, enforce_grid, clear_grid,
                           savings=(10_000, 45, 30))
    assert ref["enforce"]["threshold"] == 0.71 and ref["clear"]["threshold"] == 0.31, (ref["enforce"]["threshold"],
                                                                                       ref["clear"]["threshold"])
    assert ref["enforce"]["thresholdWithoutStartRule"] is None and ref["clear"]["thresholdWithoutStartRule"] is None
    at70 = next(r for r in ref["enforce"]["tests"] if r["threshold"] == 0.70)
    assert round(at70["bound"], 3) == 0.871, at70
    at32 = next(r for r in ref["clear"]["tests"] if r["threshold"] == 0.32)
    assert round(at32["bound"], 4) == 0.1026, at32
    cases.append({"name": "example-2-like", "pE": 0.90, "qC": 0.10, "delta": 0.05,
                  "items": [{"score": s, "positive": g, "gray": gr} for s, g, gr in zip(scores, gold, gray)],
                  "savings": {"dailyVolume": 10_000, "handleTimeSeconds": 45, "costPerHour": 30},
                  "expected": ref})

    # a larger noisy set, unscored items included, stricter targets
    rs = np.random.RandomState(17)
    n = 600
    gold = (rs.rand(n) < 0.35).tolist()
    scores = []
    for g in gold:
        s = rs.beta(8, 1.6) if g else rs.beta(1.3, 9)
        scores.append(round(float(s), 2))
    for i in rs.choice(n, 6, replace=False):
        gold[i] = not gold[i]  # label noise
    for i in rs.choice(n, 9, replace=False):
        scores[i] = None  # candidate errors: never auto-actioned
    gray = (rs.rand(n) < 0.1).tolist()
    ref = triage_reference(scores, gold, gray, 0.95, 0.05, 0.10, enforce_grid, clear_grid,
                           savings=(50_000, 30, 25))
    cases.append({"name": "noisy-600", "pE": 0.95, "qC": 0.05, "delta": 0.10,
                  "items": [{"score": s, "positive": g, "gray": gr} for s, g, gr in zip(scores, gold, gray)],
                  "savings": {"dailyVolume": 50_000, "handleTimeSeconds": 30, "costPerHour": 25},
                  "expected": ref})

    # the same set, stratified by score band: weighted estimates; Korn-Graubard and exact-counts
    band = [None if s is None else (0 if s >= 0.8 else 1 if s >= 0.2 else 2) for s in scores]
    band = [2 if b is None else b for b in band]
    strata = [("high", 3000.0), ("mid", 9000.0), ("low", 88000.0)]
    counts = [band.count(k) for k in range(3)]
    weights = [strata[b][1] / counts[b] for b in band]
    design = (band, strata, weights)
    for mode, kg in [("korn-graubard", True), ("exact-counts", False)]:
        ref = triage_reference(scores, gold, gray, 0.95, 0.05, 0.10, enforce_grid, clear_grid, design=design,
                               korn_graubard=kg, savings=(50_000, 30, 25))
        cases.append({"name": f"noisy-600-stratified-{mode}", "pE": 0.95, "qC": 0.05, "delta": 0.10,
                      "weightedGuarantee": mode,
                      "strata": {name: {"population": N} for name, N in strata},
                      "items": [{"score": s, "positive": g, "gray": gr, "stratum": strata[b][0]}
                                for s, g, gr, b in zip(scores, gold, gray, band)],
                      "savings": {"dailyVolume": 50_000, "handleTimeSeconds": 30, "costPerHour": 25},
                      "expected": ref})

    # too few items: no grid point reaches n_min on either side (perfectly separated, so the
    # projection is n_min selected items)
    rs = np.random.RandomState(4)
    gold = (rs.rand(24) < 0.5).tolist()
    scores = [round(float(rs.uniform(0.55, 1.0) if g else rs.uniform(0.0, 0.45)), 2) for g in gold]
    gray = [False] * 24
    ref = triage_reference(scores, gold, gray, 0.95, 0.05, 0.05, enforce_grid, clear_grid, savings=(1000, 60, 20))
    assert ref["enforce"]["threshold"] is None and ref["clear"]["threshold"] is None
    cases.append({"name": "too-few", "pE": 0.95, "qC": 0.05, "delta": 0.05,
                  "items": [{"score": s, "positive": g, "gray": gr} for s, g, gr in zip(scores, gold, gray)],
                  "savings": {"dailyVolume": 1000, "handleTimeSeconds": 60, "costPerHour": 20},
                  "expected": ref})

    # a label-only candidate: one operating point per side
    rs = np.random.RandomState(8)
    gold = (rs.rand(300) < 0.4).tolist()
    pred = [bool(rs.rand() < (0.85 if g else 0.01)) for g in gold]
    pred[5] = None
    gray = [False] * 300
    codes = [None if p is None else (1 if p else 0) for p in pred]
    ref = triage_reference(codes, gold, gray, 0.90, 0.10, 0.05, [None], [None], start_rule=False)
    cases.append({"name": "labels-only", "pE": 0.90, "qC": 0.10, "delta": 0.05,
                  "items": [{"predictedPositive": p, "positive": g} for p, g in zip(pred, gold)],
                  "expected": ref})
    return {"cases": cases,
            "startMinimum": [{"target": t, "alpha": a, "n": n_min_reference(t, a)}
                             for t in [0.5, 0.8, 0.9, 0.95, 0.99, 0.999] for a in [0.025, 0.05, 0.005]],
            "source": "own implementation of METHODS 4.3-4.5 with scipy binom.cdf (p-values) and beta.ppf "
                      "(one-sided Clopper-Pearson and Korn-Graubard bounds); start rule and projections by linear scan"}


# ---------------------------------------------------------------------------------------------
# 8. Confident learning (binary), the documented algorithm in numpy
# ---------------------------------------------------------------------------------------------

def round_preserving_sum_np(floats):
    """cleanlab's rule: np.round (half to even), then adjust by argsort(floats - ints)[::-increment]."""
    floats = np.asarray(floats, float)
    ints = floats.round()
    target = floats.sum().round()
    while abs(ints.sum() - target) > 1e-6:
        diff = np.round(target - ints.sum())
        inc = -1 if diff < 0 else 1
        changes = min(int(abs(diff)), len(floats))
        order = np.argsort(floats - ints, kind="stable")[::-inc][:changes]
        for k in order:
            ints[k] += inc
    return ints.astype(int)


def confident_learning_reference(labels, scores):
    labels = np.asarray(labels, int)
    used = np.array([s is not None for s in scores])
    idx = np.nonzero(used)[0]
    y = labels[used]
    s = np.array([scores[i] for i in idx], float)
    P = np.stack([1 - s, s], axis=1)
    counts = np.bincount(y, minlength=2)
    if (counts == 0).any():
        return None
    t = np.array([P[y == k, k].mean() for k in range(2)])
    C = np.zeros((2, 2), int)
    for i in range(len(y)):
        conf = P[i] >= t - 1e-6
        if conf.sum() == 0:
            continue
        guess = int(np.argmax(P[i])) if conf.sum() == 2 else int(np.nonzero(conf)[0][0])
        C[y[i], guess] += 1
    Cc = C.astype(float)
    np.fill_diagonal(Cc, np.maximum(Cc.diagonal(), 1))
    Cc = (Cc.T / Cc.sum(axis=1) * counts).T
    Cc = Cc / Cc.sum() * len(y)
    cal = np.array([round_preserving_sum_np(row) for row in Cc])
    flagged = set()
    for i in range(2):
        j = 1 - i
        members = np.nonzero(y == i)[0]
        margin = P[members, j] - P[members, i]
        order = members[np.lexsort((members, -margin))]  # largest margin first, ties: earlier item
        for m in order[:cal[i, j]]:
            if int(np.argmax(P[m])) != i:
                flagged.add(int(m))
    ranked = sorted(flagged, key=lambda m: (P[m, y[m]], m))
    return {"thresholds": t.tolist(), "confidentJoint": C.tolist(), "calibratedJoint": cal.tolist(),
            "issues": [{"index": int(idx[m]), "selfConfidence": float(P[m, y[m]])} for m in ranked]}


def confident_learning_section():
    cases = []
    rs = np.random.RandomState(31)
    n = 80
    true = rs.rand(n) < 0.4
    scores = [round(float(rs.beta(6, 2) if t else rs.beta(2, 6)), 3) for t in true]
    given = true.copy()
    for i in rs.choice(n, 7, replace=False):
        given[i] = not given[i]
    scores[3] = None
    cases.append({"name": "noisy-80", "items": [{"id": f"c{i:02d}", "positive": bool(g), "score": sc}
                                                  for i, (g, sc) in enumerate(zip(given, scores))],
                  "expected": confident_learning_reference(given.astype(int), scores)})
    # small set whose calibrated row hits a .5 tie ([1.5, 7.5] style)
    given = [0] * 11 + [1] * 9
    scores = [0.05, 0.1, 0.12, 0.2, 0.22, 0.3, 0.35, 0.62, 0.7, 0.81, 1.0,
              0.4, 0.55, 0.7, 0.72, 0.8, 0.85, 0.9, 0.93, 0.97]
    cases.append({"name": "tie-rounding", "items": [{"positive": bool(g), "score": sc} for g, sc in zip(given, scores)],
                  "expected": confident_learning_reference(given, scores)})
    # two candidates averaged (one item unscored by one of them)
    rs = np.random.RandomState(32)
    n = 50
    true = rs.rand(n) < 0.5
    a = [round(float(rs.beta(5, 2) if t else rs.beta(2, 5)), 2) for t in true]
    b = [round(float(rs.beta(4, 2) if t else rs.beta(2, 4)), 2) for t in true]
    b[7] = None
    given = true.copy()
    given[[2, 11, 40]] = ~given[[2, 11, 40]]
    avg = [(x + y) / 2 if y is not None else x for x, y in zip(a, b)]
    cases.append({"name": "ensemble-50", "candidates": [a, b], "positive": given.tolist(),
                  "averaged": avg, "expected": confident_learning_reference(given.astype(int), avg)})
    return {"cases": cases,
            "source": "numpy implementation of METHODS 8 (cleanlab's documented algorithm, its round_preserving_sum "
                      "rule; ties in the margin order broken by item order); cleanlab itself not available"}


def main():
    out = {
        "generatedBy": "tests/reference/stats_reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__},
        "agreement": agreement_section(),
        "mcnemar": mcnemar_section(),
        "pairedBootstrap": paired_bootstrap_section(),
        "prevalence": prevalence_section(),
        "triage": triage_section(),
        "confidentLearning": confident_learning_section(),
    }
    json.dump(clean(out), sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
