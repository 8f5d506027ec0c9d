#!/usr/bin/python3
"""Reference values for spameval's classification, curve, calibration, cost, interval and
bootstrap metrics (METHODS.md sections 0-3).

Run with Debian's interpreter (python3-sklearn 1.2.1, python3-scipy, python3-statsmodels):

    /usr/bin/python3 tests/reference/metrics_reference.py [--out PATH]

It writes tests/reference/metrics-expected.json (or PATH). Every dataset carries its own inputs, so
the TypeScript tests (tests/unit/metrics/*.test.ts) read inputs and expected values from one file.

Sources: values come from scikit-learn, scipy and statsmodels wherever those libraries have the
statistic. Where they do not (null conventions, ECE, cost view, operating-point selection), this
script computes the documented definition by brute force (e.g. threshold by threshold with boolean
masks instead of the cumulative sums the TS code uses). Where sklearn 1.2.1 differs from newer
releases or from spameval's conventions it is noted beside the call:

* roc_curve: 1.2 prepends threshold max+1, >= 1.3 prepends +inf (spameval: '+Infinity').
* log_loss: 1.2's default eps is 'auto' (float64 machine epsilon); METHODS fixes eps = 1e-15,
  passed explicitly here.
* zero_division: 1.2 has no np.nan option; undefined values are masked here from the confusion
  counts (spameval returns null with a reason, like sklearn >= 1.3 with zero_division=np.nan).
* matthews_corrcoef returns 0 and average_precision_score returns -0.0 where the statistic is
  undefined; roc_auc_score raises. spameval returns null for all of them.
"""
import argparse
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    fbeta_score,
    log_loss,
    matthews_corrcoef,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
    roc_curve,
)
from sklearn.calibration import calibration_curve
from statsmodels.stats.proportion import proportion_confint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mulberry32 import (C_MULBERRY32, bootstrap_indices, mulberry32_uint,  # noqa: E402
                        mulberry32_uniform, percentile_interval)

warnings.simplefilter("ignore")  # sklearn's UndefinedMetricWarning is expected on the edge cases

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics-expected.json")
CONF = 0.95
THRESHOLD = 0.5
LAMBDAS = [1, 9, 999]


def num(x):
    """Plain float, or None for an undefined value (JSON has no NaN/inf)."""
    if x is None:
        return None
    x = float(x)
    assert math.isfinite(x), x
    return x


def close(a, b, tol=1e-12):
    return abs(a - b) <= tol


# ---------------------------------------------------------------------------------------------
# Intervals
# ---------------------------------------------------------------------------------------------


def wilson(x, n):
    if n == 0:
        return None
    lo, hi = proportion_confint(x, n, alpha=1 - CONF, method="wilson")
    return [num(lo), num(hi)]


def effective(num_w, den_w, den_sumsq):
    """Kish effective counts (METHODS 2.2): n_eff = den^2/sumsq, x = p_hat * n_eff."""
    if den_w == 0:
        return None
    if den_sumsq == den_w:  # unit weights: the plain binomial counts
        return num_w, den_w
    s = den_w / den_sumsq
    return num_w * s, den_w * s


def ratio(num_w, den_w, den_sumsq):
    """{value, ci} of a ratio with a Wilson CI at Kish effective counts; None when den = 0."""
    if den_w == 0:
        return {"value": None, "ci": None}
    x, n = effective(num_w, den_w, den_sumsq)
    return {"value": num(num_w / den_w), "ci": wilson(min(x, n), n)}


def intervals_section():
    # Newcombe (1998) Table II, 95%, 4 d.p.: (x, n, wilson, clopper-pearson)
    newcombe = [
        (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
        (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
        (0, 20, (0.0, 0.1611), (0.0, 0.1684)),
        (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
    ]
    for x, n, w, cp in newcombe:
        lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
        assert close(round(lo, 4), w[0]) and close(round(hi, 4), w[1]), (x, n, lo, hi)
        lo, hi = proportion_confint(x, n, alpha=0.05, method="beta")
        assert close(round(lo, 4), cp[0]) and close(round(hi, 4), cp[1]), (x, n, lo, hi)
    # scipy's binomtest docstring example
    ci = stats.binomtest(7, 50).proportion_ci(confidence_level=0.95, method="exact")
    assert close(ci.low, 0.05819170033997342) and close(ci.high, 0.26739600249700846)
    # METHODS: 36/36, one-sided lower bound at 97.5% = 0.025^(1/36) ~ 0.9026
    assert close(round(stats.beta.ppf(0.025, 36, 1), 4), 0.9026)

    cases = []
    grid = [(0, 1), (1, 1), (0, 5), (5, 5), (1, 29), (7, 50), (15, 148), (81, 263), (0, 20),
            (36, 36), (3, 10), (299, 299), (471, 473), (3.7, 12.4), (0.4, 2.25), (12.4, 12.4),
            (0, 3.3), (950, 1000)]
    for x, n in grid:
        for conf in (0.95, 0.9, 0.99):
            a = 1 - conf
            wl, wh = proportion_confint(x, n, alpha=a, method="wilson")
            cl, ch = proportion_confint(x, n, alpha=a, method="beta")
            # statsmodels' 'beta' gives nan at x = 0 / x = n in some releases; the exact edge
            # values are 0 and 1
            cl = 0.0 if x == 0 else cl
            ch = 1.0 if x == n else ch
            lower = 0.0 if x == 0 else stats.beta.ppf(a, x, n - x + 1)
            upper = 1.0 if x == n else stats.beta.ppf(1 - a, x + 1, n - x)
            cases.append({
                "x": x, "n": n, "confidence": conf,
                "wilson": [num(wl), num(wh)],
                "clopper_pearson": [num(cl), num(ch)],
                "cp_lower_one_sided": num(lower),
                "cp_upper_one_sided": num(upper),
            })
    # scipy's own Wilson must agree with statsmodels' on integer counts
    for c in cases:
        if float(c["x"]).is_integer() and float(c["n"]).is_integer() and c["n"] > 0:
            ci = stats.binomtest(int(c["x"]), int(c["n"])).proportion_ci(c["confidence"], method="wilson")
            assert close(ci.low, c["wilson"][0], 1e-12) and close(ci.high, c["wilson"][1], 1e-12)

    binom_cdf = [{"k": k, "n": n, "p": p, "value": num(stats.binom.cdf(k, n, p))}
                 for k, n, p in [(0, 10, 0.1), (3, 10, 0.5), (2, 628, 0.01), (1, 473, 0.01),
                                 (0, 299, 0.01), (5, 40, 0.1), (40, 40, 0.3)]]
    normal = [{"p": p, "value": num(stats.norm.ppf(p))} for p in (0.975, 0.95, 0.995, 0.5, 0.01)]

    # METHODS 2.1 sample sizes: smallest n for which n - k successes certify precision >= p0
    # (one-sided CP lower bound at 95%)
    def needed(p0, k):
        n = k + 1
        while stats.beta.ppf(0.05, n - k, k + 1) < p0:
            n += 1
        return n

    sizes = [{"target": p0, "errors": k, "n": needed(p0, k)}
             for p0 in (0.99, 0.95, 0.9) for k in (0, 1, 2)]
    assert [s["n"] for s in sizes] == [299, 473, 628, 59, 93, 124, 29, 46, 61], sizes

    kish = [{"weights": w, "value": num(sum(w) ** 2 / sum(v * v for v in w))}
            for w in ([1, 1, 1, 1], [2, 2, 2], [1, 2, 3, 4], [0.5, 10, 10, 0.25, 3])]
    return {"cases": cases, "binomial_cdf": binom_cdf, "normal_quantile": normal,
            "sample_sizes": sizes, "kish": kish}


# ---------------------------------------------------------------------------------------------
# Bootstrap: mulberry32 and the index rule come from mulberry32.py (shared with stats_reference.py)
# ---------------------------------------------------------------------------------------------


def seq_sum(values):
    """Left-to-right sum, as the TS loop adds (numpy's sum is pairwise)."""
    return float(np.cumsum(values)[-1]) if len(values) else 0.0


def bootstrap_case(name, gold, pred, weights, statistic, seed, replicates, strata=None, band=True):
    gold = np.asarray(gold, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    w = np.ones(len(gold)) if weights is None else np.asarray(weights, dtype=float)
    tp = w * (gold & pred)
    fp = w * (~gold & pred)
    fn = w * (gold & ~pred)
    idx = bootstrap_indices(seed, len(gold), replicates, strata)
    values = []
    for row in idx:
        t, f, m = seq_sum(tp[row]), seq_sum(fp[row]), seq_sum(fn[row])
        if statistic == "f1":
            den = 2 * t + m + f
            values.append(None if den == 0 else 2 * t / den)
        elif statistic == "precision":
            values.append(None if t + f == 0 else t / (t + f))
        else:
            raise ValueError(statistic)
    kept = np.array([v for v in values if v is not None])
    lo, hi = percentile_interval(kept, CONF)  # numpy 'linear' = type 7
    result = {"name": name, "statistic": statistic, "seed": seed, "replicates": replicates,
              "dropped": len(values) - len(kept), "low": num(lo), "high": num(hi),
              "exact": weights is None,
              "first_indices": idx[0][:10].tolist()}
    if band and strata is None:
        # scipy's own percentile bootstrap with numpy's RNG: a sanity band, not bit-equal
        def f(t, f_, m):
            if statistic == "f1":
                den = 2 * t.sum() + m.sum() + f_.sum()
                return 2 * t.sum() / den if den else np.nan
            d = t.sum() + f_.sum()
            return t.sum() / d if d else np.nan

        res = stats.bootstrap((tp, fp, fn), f, paired=True, vectorized=False, n_resamples=2000,
                              method="percentile", confidence_level=CONF,
                              random_state=np.random.default_rng(7))
        result["scipy_percentile"] = [num(res.confidence_interval.low), num(res.confidence_interval.high)]
    return result


def cell_codes(gold, pred):
    """Per-item cell code in spameval's counts order [tp, fp, fn, tn]."""
    gold = np.asarray(gold, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    return np.where(gold, np.where(pred, 0, 2), np.where(pred, 1, 3)).astype(np.int8)


def fbeta_counts(tp, fp, fn, beta):
    b2 = beta * beta
    den = (1 + b2) * tp + b2 * fn + fp
    return np.where(den > 0, (1 + b2) * tp / np.where(den > 0, den, 1), np.nan)


def endpoint_se(sd, replicates):
    """Monte Carlo standard error of the 2.5% (or 97.5%) percentile of B replicates of a
    statistic that is roughly normal with this sd: sqrt(a(1-a)/B) / phi(z_a) * sd."""
    a = (1 - CONF) / 2
    return math.sqrt(a * (1 - a) / replicates) / stats.norm.pdf(stats.norm.ppf(a)) * sd


def multinomial_band(counts, beta, replicates, seed):
    """Percentile interval and quartiles of F-beta over numpy multinomial draws of the counts:
    the distribution spameval's multinomial-counts resampling draws from, computed with numpy's
    own generator and many replicates so its Monte Carlo error is small."""
    counts = np.asarray(counts, dtype=np.int64)
    n = int(counts.sum())
    draws = np.random.default_rng(seed).multinomial(n, counts / n, size=replicates)
    values = fbeta_counts(draws[:, 0], draws[:, 1], draws[:, 2], beta)
    values = values[~np.isnan(values)]
    lo, hi = percentile_interval(values, CONF)
    q = np.quantile(values, [0.025, 0.25, 0.5, 0.75, 0.975], method="linear")
    return {"replicates": replicates, "seed": seed, "low": num(lo), "high": num(hi),
            "quantiles": [num(v) for v in q], "sd": num(values.std())}


def item_band(codes, beta, replicates, seed):
    """scipy's own percentile bootstrap over items (numpy generator), batched to bound memory."""
    def stat(c, axis=-1):
        tp = (c == 0).sum(axis=axis)
        fp = (c == 1).sum(axis=axis)
        fn = (c == 2).sum(axis=axis)
        return fbeta_counts(tp, fp, fn, beta)

    res = stats.bootstrap((codes,), stat, vectorized=True, n_resamples=replicates, batch=20,
                          method="percentile", confidence_level=CONF,
                          random_state=np.random.default_rng(seed))
    return {"replicates": replicates, "seed": seed,
            "low": num(res.confidence_interval.low), "high": num(res.confidence_interval.high)}


def multinomial_section(syn):
    """Bands for spameval's multinomial-counts resampling (bootstrap.ts), which is statistically
    (not bitwise) equal to the item bootstrap for a statistic of the confusion counts.

    * synthetic (n = 2 000): the exact item bootstrap above and a forced multinomial run must
      both fall in the multinomial band;
    * large (n = 200 000, counts of a generated set): what `auto` picks above 20 million item
      draws; scipy's item bootstrap is the independent band.
    The script asserts that item resampling and multinomial draws give the same interval here,
    which is the claim the switch rests on."""
    syn_codes = cell_codes(syn["gold"], [v >= THRESHOLD for v in syn["scores"]])
    syn_counts = np.bincount(syn_codes, minlength=4)
    rng = np.random.default_rng(20250301)
    n = 200_000
    y = rng.random(n) < 0.3
    pred = np.where(y, rng.random(n) < 0.82, rng.random(n) < 0.07)
    codes = cell_codes(y, pred)
    counts = np.bincount(codes, minlength=4)
    cases = []
    for name, c, cd in (("synthetic", syn_counts, syn_codes), ("large", counts, codes)):
        for beta in (1.0, 0.5):
            t, f, m = (float(v) for v in c[:3])
            case = {"name": f"{name}_f{beta:g}", "counts": [int(v) for v in c], "beta": beta,
                    "value": num(fbeta_counts(t, f, m, beta)),
                    "multinomial": multinomial_band(c, beta, 200_000, 11),
                    "scipy_items": item_band(cd, beta, 1000 if name == "large" else 4000, 13)}
            # same distribution: scipy's item interval within 4 Monte Carlo standard errors of
            # the multinomial one (an endpoint's SE ~ sqrt(a(1-a)/B) / phi(z_a) * sd)
            tol = 4 * endpoint_se(case["multinomial"]["sd"], case["scipy_items"]["replicates"])
            case["tolerance"] = num(tol)
            assert abs(case["scipy_items"]["low"] - case["multinomial"]["low"]) < tol, case
            assert abs(case["scipy_items"]["high"] - case["multinomial"]["high"]) < tol, case
            cases.append(case)
    return {"threshold_draws": 20_000_000, "cases": cases}


# ---------------------------------------------------------------------------------------------
# Datasets
# ---------------------------------------------------------------------------------------------


def datasets():
    hand = {
        # ties at 0.9, 0.8, 0.5, 0.3; a confident error at each end (ham at 1.0, spam at 0.0)
        "scores": [0.95, 0.9, 0.9, 0.8, 0.8, 0.8, 0.7, 0.6, 0.55, 0.5, 0.5, 0.4, 0.3, 0.3, 0.2,
                   0.1, 1.0, 0.0],
        "gold": [1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1],
        "weights": None,
    }
    rng = np.random.default_rng(20240601)
    n = 2000
    y = (rng.random(n) < 0.3).astype(int)
    logit = 1.4 * (2 * y - 1) + rng.normal(0, 1.3, n) - 0.3
    s = np.round(1 / (1 + np.exp(-logit)), 2)  # two decimals: many ties, as LLM scores have
    synthetic = {"scores": s.tolist(), "gold": y.tolist(), "weights": None}
    # an enriched sample weighted back to production: ham weighs more; a few zero weights
    m = 300
    wy = y[:m]
    ws = s[:m]
    weights = np.where(wy == 1, rng.choice([0.5, 1.0, 1.5], m), rng.choice([2.0, 4.5, 8.0], m))
    weights[[3, 50, 51]] = 0.0
    weighted = {"scores": ws.tolist(), "gold": wy.tolist(), "weights": weights.tolist(),
                "strata": [("spam" if g else "ham") + ("-hi" if sc >= 0.5 else "-lo")
                           for g, sc in zip(wy, ws)]}
    edge = {
        "no_predicted_positives": {"scores": [0.1, 0.2, 0.45, 0.3, 0.49, 0.0],
                                   "gold": [1, 0, 1, 0, 0, 1], "weights": None},
        "single_class_ham": {"scores": [0.1, 0.7, 0.5, 0.2], "gold": [0, 0, 0, 0], "weights": None},
        "single_class_spam": {"scores": [0.9, 0.3, 0.6], "gold": [1, 1, 1], "weights": None},
        "all_tied": {"scores": [0.5] * 6, "gold": [1, 0, 0, 1, 0, 0], "weights": None},
        "all_correct": {"scores": [0.9, 0.8, 0.2, 0.1, 0.95], "gold": [1, 1, 0, 0, 1],
                        "weights": None},
    }
    out = {"hand": hand, "synthetic": synthetic, "weighted": weighted}
    out.update(edge)
    return out


# ---------------------------------------------------------------------------------------------
# Binary classification at threshold 0.5
# ---------------------------------------------------------------------------------------------


def cells(gold, pred, w):
    tp = (gold & pred)
    fp = (~gold & pred)
    fn = (gold & ~pred)
    tn = (~gold & ~pred)
    return {k: (float(np.sum(w * m)), float(np.sum(w * w * m))) for k, m in
            (("tp", tp), ("fp", fp), ("fn", fn), ("tn", tn))}


def classification(d):
    gold = np.asarray(d["gold"], dtype=bool)
    scores = np.asarray(d["scores"], dtype=float)
    pred = scores >= THRESHOLD
    w = np.ones(len(gold)) if d["weights"] is None else np.asarray(d["weights"], dtype=float)
    sw = None if d["weights"] is None else w
    yt, yp = gold.astype(int), pred.astype(int)
    cm = confusion_matrix(yt, yp, labels=[0, 1], sample_weight=sw)
    tn, fp, fn, tp = cm.ravel()
    c = cells(gold, pred, w)
    assert close(c["tp"][0], tp, 1e-9) and close(c["fp"][0], fp, 1e-9)
    assert close(c["fn"][0], fn, 1e-9) and close(c["tn"][0], tn, 1e-9)

    def sq(*keys):
        return sum(c[k][1] for k in keys)

    p, r, f, _ = precision_recall_fscore_support(yt, yp, labels=[1], average=None, zero_division=0,
                                                 sample_weight=sw)
    pn, rn, _, _ = precision_recall_fscore_support(yt, yp, labels=[0], average=None,
                                                   zero_division=0, sample_weight=sw)
    out = {
        "confusion": {"tp": num(tp), "fp": num(fp), "fn": num(fn), "tn": num(tn)},
        "precision": ratio(tp, tp + fp, sq("tp", "fp")),
        "recall": ratio(tp, tp + fn, sq("tp", "fn")),
        "specificity": ratio(tn, tn + fp, sq("tn", "fp")),
        "fpr": ratio(fp, fp + tn, sq("fp", "tn")),
        "fnr": ratio(fn, fn + tp, sq("fn", "tp")),
        "npv": ratio(tn, tn + fn, sq("tn", "fn")),
        "false_omission_rate": ratio(fn, fn + tn, sq("fn", "tn")),
        "fdr": ratio(fp, fp + tp, sq("fp", "tp")),
        "accuracy": ratio(tp + tn, tp + tn + fp + fn, sq("tp", "tn", "fp", "fn")),
    }
    # sklearn's numbers must match wherever the ratio is defined
    for key, sk in (("precision", p[0]), ("recall", r[0]), ("specificity", rn[0]), ("npv", pn[0])):
        if out[key]["value"] is not None:
            assert close(out[key]["value"], sk, 1e-12), (key, out[key]["value"], sk)
    if tp + tn + fp + fn > 0:
        assert close(out["accuracy"]["value"], accuracy_score(yt, yp, sample_weight=sw), 1e-12)
    for name, beta in (("f1", 1.0), ("f0_5", 0.5), ("f2", 2.0)):
        defined = tp + fp + fn > 0
        out[name] = num(fbeta_score(yt, yp, beta=beta, zero_division=0, sample_weight=sw)) if defined else None
    both = (tp + fn) > 0 and (tn + fp) > 0
    out["balanced_accuracy"] = num(balanced_accuracy_score(yt, yp, sample_weight=sw)) if both else None
    out["balanced_accuracy_adjusted"] = (
        num(balanced_accuracy_score(yt, yp, sample_weight=sw, adjusted=True)) if both else None)
    margins = [tp + fp, tp + fn, tn + fp, tn + fn]
    out["mcc"] = num(matthews_corrcoef(yt, yp, sample_weight=sw)) if min(margins) > 0 else None
    return out


# ---------------------------------------------------------------------------------------------
# Multiclass over the manifest's labels
# ---------------------------------------------------------------------------------------------


def multiclass_data():
    rng = np.random.default_rng(77)
    # 'adult' never occurs at all; 'phishing' occurs in gold but is never predicted
    labels = ["spam", "not_spam", "scam", "phishing", "adult"]
    n = 60
    gold = rng.choice(["spam", "not_spam", "scam", "phishing"], n, p=[0.33, 0.47, 0.14, 0.06])
    pred = gold.copy()
    flip = rng.random(n) < 0.3
    pred[flip] = rng.choice(["spam", "not_spam"], int(flip.sum()))
    pred[gold == "phishing"] = "spam"
    assert (gold == "phishing").sum() >= 2
    weights = rng.choice([1.0, 2.0, 3.5], n)
    return {"labels": labels, "gold": gold.tolist(), "predicted": pred.tolist(),
            "weights": weights.tolist()}


def multiclass(data, labels, weighted):
    gold, pred = np.array(data["gold"]), np.array(data["predicted"])
    w = np.asarray(data["weights"]) if weighted else np.ones(len(gold))
    sw = w if weighted else None
    cm = confusion_matrix(gold, pred, labels=labels, sample_weight=sw)
    cm_sq = confusion_matrix(gold, pred, labels=labels, sample_weight=w * w)
    p, r, f, support = precision_recall_fscore_support(gold, pred, labels=labels, average=None,
                                                       zero_division=0, sample_weight=sw)
    f05 = fbeta_score(gold, pred, labels=labels, beta=0.5, average=None, zero_division=0,
                      sample_weight=sw)
    total = cm.sum()
    per_class = []
    for k, label in enumerate(labels):
        tp = cm[k, k]
        col, row = cm[:, k].sum(), cm[k, :].sum()
        col_sq, row_sq = cm_sq[:, k].sum(), cm_sq[k, :].sum()
        fp, fn = col - tp, row - tp
        per_class.append({
            "label": label,
            "support": num(row),
            "precision": ratio(tp, col, col_sq),
            "recall": ratio(tp, row, row_sq),
            "f1": num(f[k]) if tp + fp + fn > 0 else None,
            "f0_5": num(f05[k]) if tp + fp + fn > 0 else None,
        })
        if col > 0:
            assert close(per_class[-1]["precision"]["value"], p[k], 1e-12)
        if row > 0:
            assert close(per_class[-1]["recall"]["value"], r[k], 1e-12)
        assert close(row, support[k], 1e-9)

    def masked(key):
        return np.array([np.nan if (v := c[key]["value"] if isinstance(c[key], dict) else c[key]) is None
                         else v for c in per_class])

    averages = {}
    sup = np.array([c["support"] for c in per_class])
    for key in ("precision", "recall", "f1", "f0_5"):
        vals = masked(key)
        ok = ~np.isnan(vals)
        macro = float(np.mean(vals[ok])) if ok.any() else None
        wsum = sup[ok].sum()
        weighted_avg = float(np.sum(vals[ok] * sup[ok]) / wsum) if wsum > 0 else None
        averages[key] = {"macro": num(macro), "weighted": num(weighted_avg),
                         "excluded": [c["label"] for c, o in zip(per_class, ok) if not o]}
    # the nan-excluding macro equals sklearn's macro over the classes that are defined
    present = [c["label"] for c in per_class if c["recall"]["value"] is not None]
    sk_macro_r = precision_recall_fscore_support(gold, pred, labels=present, average="macro",
                                                 zero_division=0, sample_weight=sw)[1]
    assert close(sk_macro_r, averages["recall"]["macro"], 1e-12)
    mp, mr, mf, _ = precision_recall_fscore_support(gold, pred, labels=labels, average="micro",
                                                    sample_weight=sw)
    acc = accuracy_score(gold, pred, sample_weight=sw)
    assert close(mp, acc, 1e-12) and close(mr, acc, 1e-12) and close(mf, acc, 1e-12)
    diag_sq = float(np.trace(cm_sq))
    averages["micro"] = {"precision": num(mp), "recall": num(mr), "f1": num(mf)}
    absent = [lab for k, lab in enumerate(labels) if cm[k, :].sum() == 0]
    out = {
        "labels": labels,
        "weighted": weighted,
        "matrix": cm.tolist(),
        "per_class": per_class,
        "averages": averages,
        "accuracy": ratio(np.trace(cm), total, float(cm_sq.sum())),
        "mcc": num(matthews_corrcoef(gold, pred, sample_weight=sw)),
        "balanced_accuracy": None if absent else num(balanced_accuracy_score(gold, pred, sample_weight=sw)),
        "balanced_accuracy_adjusted": None if absent else num(
            balanced_accuracy_score(gold, pred, sample_weight=sw, adjusted=True)),
    }
    assert diag_sq >= 0
    return out


# ---------------------------------------------------------------------------------------------
# Curves, operating points
# ---------------------------------------------------------------------------------------------


def brute_points(gold, scores, w, thresholds):
    """Counts at each threshold t with decision s >= t, by masks (no cumulative sums)."""
    rows = []
    total = w.sum()
    for t in thresholds:
        pred = scores >= t
        tp = float(np.sum(w * (gold & pred)))
        fp = float(np.sum(w * (~gold & pred)))
        fn = float(np.sum(w * (gold & ~pred)))
        tn = float(np.sum(w * (~gold & ~pred)))
        sq = lambda m: float(np.sum(w * w * m))  # noqa: E731
        rows.append({
            "threshold": num(t), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": ratio(tp, tp + fp, sq(pred)),
            "recall": ratio(tp, tp + fn, sq(gold)),
            "fpr": ratio(fp, fp + tn, sq(~gold)),
            "predicted_positive_rate": num((tp + fp) / total) if total > 0 else None,
        })
    return rows


def curves(d):
    gold = np.asarray(d["gold"], dtype=bool)
    scores = np.asarray(d["scores"], dtype=float)
    w = np.ones(len(gold)) if d["weights"] is None else np.asarray(d["weights"], dtype=float)
    sw = None if d["weights"] is None else w
    yt = gold.astype(int)
    pos, neg = float(np.sum(w * gold)), float(np.sum(w * ~gold))
    out = {}
    nz = w > 0
    distinct_desc = np.unique(scores[nz])[::-1]
    out["distinct_thresholds_desc"] = distinct_desc.tolist()

    if pos > 0:
        pr, rc, th = precision_recall_curve(yt, scores, sample_weight=sw)
        out["pr_curve"] = {"precision": pr.tolist(), "recall": rc.tolist(), "thresholds": th.tolist()}
        ap = average_precision_score(yt, scores, sample_weight=sw)
        out["average_precision"] = num(ap)
        # the trapezoid under the PR curve is a different (optimistic) number; kept to show it
        out["pr_trapezoid"] = num(np.trapz(pr, rc) * -1)
    else:
        out["pr_curve"] = None
        out["average_precision"] = None

    if pos > 0 and neg > 0:
        for drop in (False, True):
            fpr, tpr, th = roc_curve(yt, scores, sample_weight=sw, drop_intermediate=drop)
            # sklearn 1.2 prepends max+1; spameval (like >= 1.3) prepends +inf
            assert close(th[0], th[1] + 1)
            out["roc_curve_drop" if drop else "roc_curve"] = {
                "fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds_after_first": th[1:].tolist()}
        out["roc_auc"] = num(roc_auc_score(yt, scores, sample_weight=sw))
        out["roc_auc_max_fpr_0_1"] = num(roc_auc_score(yt, scores, sample_weight=sw, max_fpr=0.1))
        out["roc_auc_max_fpr_0_5"] = num(roc_auc_score(yt, scores, sample_weight=sw, max_fpr=0.5))
        # Mann-Whitney with ties = 1/2 and pair weights w+ * w- (METHODS 3.4), by brute force
        sp, wp = scores[gold], w[gold]
        sn, wn = scores[~gold], w[~gold]
        gt = (sp[:, None] > sn[None, :]) + 0.5 * (sp[:, None] == sn[None, :])
        pw = wp[:, None] * wn[None, :]
        mw = float(np.sum(gt * pw) / np.sum(pw))
        assert close(mw, out["roc_auc"], 1e-9), (mw, out["roc_auc"])
    else:
        out["roc_curve"] = None
        out["roc_auc"] = None

    out["operating_points"] = brute_points(gold, scores, w, distinct_desc)
    grid = [k / 100 for k in range(100, -1, -5)]
    out["grid"] = grid
    out["grid_points"] = brute_points(gold, scores, w, grid)

    rows = out["operating_points"]
    sel = {}
    for p0 in (0.5, 0.8, 0.9, 0.95):
        # largest recall among thresholds with precision >= p0; ties -> the higher threshold
        best = None
        for row in rows:
            pv, rv = row["precision"]["value"], row["recall"]["value"]
            if pv is None or rv is None or pv < p0:
                continue
            if best is None or rv > best["recall"]["value"]:
                best = row
        sel[f"recall_at_precision_{p0}"] = None if best is None else best["threshold"]
    for r0 in (0.5, 0.8, 0.9, 1.0):
        # smallest FPR among thresholds with recall >= r0; ties -> the lower threshold (more recall)
        best = None
        for row in rows:
            fv, rv = row["fpr"]["value"], row["recall"]["value"]
            if fv is None or rv is None or rv < r0:
                continue
            if best is None or fv < best["fpr"]["value"] or (
                    fv == best["fpr"]["value"] and row["threshold"] < best["threshold"]):
                best = row
        sel[f"fpr_at_recall_{r0}"] = None if best is None else best["threshold"]
    best = None
    for row in rows:
        den = 2 * row["tp"] + row["fp"] + row["fn"]
        if den == 0:
            continue
        f1 = 2 * row["tp"] / den
        if best is None or f1 > best[1]:
            best = (row["threshold"], f1)
    # without gold positives F1 is 0 wherever it is defined: no threshold is "best"
    sel["best_f1"] = None if best is None or pos == 0 else {"threshold": best[0], "f1": num(best[1])}
    out["selections"] = sel
    return out


# ---------------------------------------------------------------------------------------------
# Calibration
# ---------------------------------------------------------------------------------------------


def calibration(d, n_bins=10):
    gold = np.asarray(d["gold"], dtype=float)
    scores = np.asarray(d["scores"], dtype=float)
    w = np.ones(len(gold)) if d["weights"] is None else np.asarray(d["weights"], dtype=float)
    sw = None if d["weights"] is None else w
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], scores)  # sklearn calibration_curve's right-closed rule
    # spameval's rule max(0, ceil(p*M) - 1) agrees with it for every two-decimal score
    grid = np.arange(101) / 100
    assert (np.searchsorted(edges[1:-1], grid) == np.maximum(0, np.ceil(grid * n_bins) - 1)).all()
    bins = []
    for b in range(n_bins):
        m = ids == b
        wb = float(np.sum(w[m]))
        if wb == 0:
            bins.append({"count": int(m.sum()), "weight": wb, "mean_score": None,
                         "positive_share": {"value": None, "ci": None}})
            continue
        pos = float(np.sum(w[m] * gold[m]))
        bins.append({"count": int(m.sum()), "weight": wb,
                     "mean_score": num(np.sum(w[m] * scores[m]) / wb),
                     "positive_share": ratio(pos, wb, float(np.sum(w[m] ** 2)))})
    if sw is None and len(np.unique(gold)) == 2:
        prob_true, prob_pred = calibration_curve(gold, scores, n_bins=n_bins, strategy="uniform")
        mine = [(b["positive_share"]["value"], b["mean_score"]) for b in bins if b["weight"] > 0]
        assert len(mine) == len(prob_true)
        for (t, p), (t2, p2) in zip(mine, zip(prob_true, prob_pred)):
            assert close(t, t2, 1e-12) and close(p, p2, 1e-12)
    total = float(np.sum(w))
    gaps = [abs(b["positive_share"]["value"] - b["mean_score"]) for b in bins if b["weight"] > 0]
    ece = sum(b["weight"] / total * abs(b["positive_share"]["value"] - b["mean_score"])
              for b in bins if b["weight"] > 0)
    # top-label (confidence) ECE, Guo et al. 2017: confidence max(p, 1-p), correctness of s >= 0.5
    conf = np.maximum(scores, 1 - scores)
    correct = ((scores >= 0.5) == (gold == 1)).astype(float)
    cids = np.searchsorted(edges[1:-1], conf)
    top, top_gaps = 0.0, []
    for b in range(n_bins):
        m = cids == b
        wb = float(np.sum(w[m]))
        if wb == 0:
            continue
        gap = abs(np.sum(w[m] * correct[m]) / wb - np.sum(w[m] * conf[m]) / wb)
        top += wb / total * gap
        top_gaps.append(gap)
    return {
        "bins": bins,
        "ece": num(ece), "mce": num(max(gaps)),
        "top_label_ece": num(top), "top_label_mce": num(max(top_gaps)),
        "brier": num(brier_score_loss(gold, scores, sample_weight=sw, pos_label=1)),
        "log_loss": num(log_loss(gold, scores, eps=1e-15, labels=[0, 1], sample_weight=sw)),
    }


# ---------------------------------------------------------------------------------------------
# Cost view (Androutsopoulos et al. 2000; SpamAssassin's TCR)
# ---------------------------------------------------------------------------------------------


def cost(d):
    gold = np.asarray(d["gold"], dtype=bool)
    scores = np.asarray(d["scores"], dtype=float)
    w = np.ones(len(gold)) if d["weights"] is None else np.asarray(d["weights"], dtype=float)
    n_spam, n_ham = float(np.sum(w * gold)), float(np.sum(w * ~gold))
    pred = scores >= THRESHOLD
    fp = float(np.sum(w * (~gold & pred)))
    fn = float(np.sum(w * (gold & ~pred)))
    out = []
    distinct = np.unique(scores[w > 0])[::-1]
    for lam in LAMBDAS:
        errors = lam * fp + fn
        denom = lam * n_ham + n_spam
        # minimise lam*FP + FN over "act on nothing" and every distinct threshold; ties -> higher
        best_t, best_c = None, n_spam  # None = act on nothing (threshold above every score)
        for t in distinct:
            p = scores >= t
            c = lam * float(np.sum(w * (~gold & p))) + float(np.sum(w * (gold & ~p)))
            if c < best_c:
                best_t, best_c = float(t), c
        out.append({
            "lambda": lam, "fp": fp, "fn": fn, "n_spam": n_spam, "n_ham": n_ham,
            "cost": num(errors),
            "weighted_error": num(errors / denom) if denom > 0 else None,
            "weighted_accuracy": num(1 - errors / denom) if denom > 0 else None,
            "baseline_weighted_error": num(n_spam / denom) if denom > 0 else None,
            "tcr": num(n_spam / errors) if errors > 0 else None,
            "min_cost_threshold": best_t, "min_cost": num(best_c),
        })
    return out


def main():
    parser = argparse.ArgumentParser(description="Write the metrics reference values.")
    parser.add_argument("--out", default=OUT, help="output path (default: tests/reference/metrics-expected.json)")
    out_path = parser.parse_args().out
    data = datasets()
    binary = {}
    for name, d in data.items():
        binary[name] = {
            "inputs": d,
            "classification": classification(d),
            "curves": curves(d),
            "calibration": calibration(d),
            "cost": cost(d),
        }
    mc = multiclass_data()
    multi = {
        "inputs": mc,
        "unweighted": multiclass(mc, mc["labels"], False),
        "weighted": multiclass(mc, mc["labels"], True),
        "present_labels": multiclass(mc, ["spam", "not_spam", "scam", "phishing"], False),
    }
    hand, syn, wtd = data["hand"], data["synthetic"], data["weighted"]
    pred = lambda d: [s >= THRESHOLD for s in d["scores"]]  # noqa: E731
    boot = [
        bootstrap_case("hand_f1", hand["gold"], pred(hand), None, "f1", 12345, 2000),
        bootstrap_case("hand_precision_at_0.9", hand["gold"], [s >= 0.9 for s in hand["scores"]],
                       None, "precision", 12345, 2000, band=False),
        bootstrap_case("synthetic_f1", syn["gold"], pred(syn), None, "f1", 12345, 2000),
        bootstrap_case("synthetic_f1_seed_7", syn["gold"], pred(syn), None, "f1", 7, 500),
        bootstrap_case("weighted_f1_stratified", wtd["gold"], pred(wtd), wtd["weights"], "f1",
                       2024, 1000, strata=wtd["strata"]),
    ]
    stream = {str(seed): {"uint32": mulberry32_uint(seed, 5).tolist(),
                          "uniform": mulberry32_uniform(seed, 5).tolist()} for seed in (42, 12345)}
    for seed, expected in C_MULBERRY32.items():
        assert stream[str(seed)]["uint32"] == expected
    # deep into the stream (past 2^22 draws), where a float-state JS port would drift
    stream["12345_from_5000000"] = mulberry32_uint(12345, 3, start=5_000_000).tolist()

    result = {
        "generated_by": "tests/reference/metrics_reference.py",
        "versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__, "numpy": np.__version__},
        "threshold": THRESHOLD,
        "confidence": CONF,
        "intervals": intervals_section(),
        "binary": binary,
        "multiclass": multi,
        "mulberry32": stream,
        "bootstrap": boot,
        "bootstrap_multinomial": multinomial_section(syn),
    }
    with open(out_path, "w") as fh:
        json.dump(result, fh, allow_nan=False, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
