#!/usr/bin/python3
"""Fixture runs and reference values for `spameval diff` (METHODS.md sections 2.3 and 7).

Run with Debian's interpreter (python3-sklearn, python3-scipy, python3-statsmodels):

    /usr/bin/python3 tests/reference/diff_reference.py --write-fixtures   # fixtures/diff-basic/
    /usr/bin/python3 tests/reference/diff_reference.py > tests/reference/diff-expected.json

The fixture is one golden set (two versions) and four runs whose flips are chosen by hand (see
SCENARIO below), so the expected flips are known before any statistic is computed. The
reference values are computed from the fixture files, independently of the TypeScript code:
metrics with scikit-learn, McNemar with statsmodels, Holm with statsmodels' multipletests, the
paired bootstrap with the shared numpy port of mulberry32 (tests/reference/mulberry32.py). On
the bootstrap replicates the metrics go through a numpy fast path that performs scikit-learn's own
float operations (confusion counts per replicate, then its divisions; its precision_recall_curve /
roc_curve steps for average precision and ROC AUC), checked bit for bit against scikit-learn on the
full sample and on spot-check replicates; `--check-all` checks every replicate (about a minute).
"""
import hashlib
import json
import math
import os
import random
import sys

import numpy as np
from sklearn.metrics import (accuracy_score, average_precision_score, f1_score, precision_score, recall_score,
                             roc_auc_score)
from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar
from statsmodels.stats.multitest import multipletests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mulberry32 import bootstrap_indices, percentile_interval  # noqa: E402
from stats_reference import clean  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(ROOT, "fixtures", "diff-basic")
SPAM, HAM = "spam", "not_spam"
REPLICATES, SEED, CONFIDENCE = 2000, 12345, 0.95

# ---------------------------------------------------------------------------------------------
# The scenario: who gets what wrong
# ---------------------------------------------------------------------------------------------
# Run A (baseline) misses spam s03 s04 s12 s20 s21 and flags ham h01 h02 h03 h04 h31; fails h25.
# Run B (new)      misses spam s04 s05        and flags ham h10;                 fails h20 s15.
#   => new FP [h10], fixed FP [h01 h02 h03 h04 h31], new FN [s05], fixed FN [s03 s12 s20 s21]
#   => McNemar overall: worse 2, better 9: exact p = 2*(1+11+55)/2^11 = 0.0654, mid-p 0.0386
# Run C (regressed) = A plus 12 new FPs (h05..h16) and 2 new FNs (s01 s02), no errors.
# Run D on version 1.1.0 (s24 and h36 removed, s25 h37 h38 added, h30 relabeled spam), labels only.

CATEGORIES = {"phishing": range(1, 11), "pharma": range(11, 19), "scam": range(19, 25)}
A_MISSES = {"s03", "s04", "s12", "s20", "s21"}
A_FLAGS = {"h01", "h02", "h03", "h04", "h31"}
B_MISSES = {"s04", "s05"}
B_FLAGS = {"h10"}
C_MISSES = A_MISSES | {"s01", "s02"}
C_FLAGS = A_FLAGS | {f"h{k:02d}" for k in range(5, 17)}

SPAM_TEXTS = {
    "phishing": "Your account is locked: verify your password at http://secure-login.example/verify now",
    "pharma": "Cheap meds, no prescription needed & fast shipping. Order today!",
    "scam": "Congratulations, you won $1,000,000 - send a $50 fee to claim your prize",
}
HAM_TEXTS = [
    "Meeting moved to 3pm, see agenda attached",
    "Thanks for the review, I pushed the fixes",
    "Lunch on Friday? The usual place",
    "Quarterly report draft is in the shared folder",
]


def golden_items():
    items = []
    for k in range(1, 25):
        cat = next(c for c, r in CATEGORIES.items() if k in r)
        item = {"id": f"s{k:02d}", "text": f"{SPAM_TEXTS[cat]} (#{k})", "label": SPAM, "category": cat}
        if k in (23, 24):
            item["reviews"] = [{"reviewer": "r1", "label": SPAM}, {"reviewer": "r2", "label": HAM}]
        if k == 5:  # a new false negative of B: its text reaches every diff format
            item["text"] = ('<script>alert("phish")</script><img src=x onerror=alert(1)> Click <a href="http://x.example">here</a> '
                            '& "win" | `tick` @everyone #1 \u202egnp.exe \x1b[31mred')
        items.append(item)
    for k in range(1, 37):
        item = {"id": f"h{k:02d}", "text": f"{HAM_TEXTS[k % 4]} (#{k})", "label": HAM}
        if 31 <= k <= 34:
            item["gray_area"] = True
            item["gray_reason"] = "promotional but from a known sender"
            item["text"] = f"Newsletter: 20% off for members this week (#{k})"
        if k == 10:  # a new false positive of B
            item["text"] = "Café meeting — naïve résumé 👋 <b>bold</b> & 'quotes' ![x](http://track.example/p.png)"
        items.append(item)
    return items


def golden_v110(items):
    out = [dict(it) for it in items if it["id"] not in ("s24", "h36")]
    for it in out:
        if it["id"] == "h30":
            it.update(label=SPAM, category="scam", text="Limited offer: wire money to unlock your reward (#30)")
    out += [
        {"id": "s25", "text": "Verify your bank details at http://bank.example/login (#25)", "label": SPAM, "category": "phishing"},
        {"id": "h37", "text": "Can you send the slides? (#37)", "label": HAM},
        {"id": "h38", "text": "Build is green again (#38)", "label": HAM},
    ]
    return out


def decide(items, misses, flags):
    return {it["id"]: (it["label"] == SPAM and it["id"] not in misses) or (it["label"] == HAM and it["id"] in flags)
            for it in items}


def records(items, decisions, errors, rng, scores=True):
    out = []
    for it in items:
        if it["id"] in errors:
            out.append({"id": it["id"], "status": "error", "error": {"kind": errors[it["id"]], "message": "fixture error"},
                        "attempts": 3, "latencyMs": 1000})
            continue
        positive = decisions[it["id"]]
        pred = {"label": SPAM if positive else HAM}
        if scores:
            u = rng.random()
            pred["score"] = round(0.55 + 0.44 * u, 2) if positive else round(0.02 + 0.40 * u, 2)
        out.append({"id": it["id"], "status": "ok", "prediction": pred, "attempts": 1, "latencyMs": 5})
    return out


def write_golden(version, items, parent, changelog):
    folder = os.path.join(FIXTURE, "golden-sets", "diff-basic", version)
    os.makedirs(folder, exist_ok=True)
    data = "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items).encode("utf-8")
    with open(os.path.join(folder, "items.jsonl"), "wb") as f:
        f.write(data)
    manifest = {
        "schema_version": 1, "name": "diff-basic", "version": version,
        "description": "Fixture for spameval diff: two model versions with hand-chosen flips",
        "labels": [SPAM, HAM], "positive": SPAM,
        "categories": {"phishing": {"description": "credential theft"}, "pharma": {"description": "drug offers"},
                       "scam": {"description": "advance-fee and prize scams"}},
        "created_at": "2026-01-05T00:00:00Z", "parent": parent, "changelog": changelog,
        "count": len(items), "sha256": hashlib.sha256(data).hexdigest(),
    }
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


def write_run(run_id, candidate, manifest, recs, settings):
    folder = os.path.join(FIXTURE, "runs", run_id)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "predictions.jsonl"), "w") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    errors = [r for r in recs if r["status"] == "error"]
    by_kind = {}
    for r in errors:
        by_kind[r["error"]["kind"]] = by_kind.get(r["error"]["kind"], 0) + 1
    meta = {
        "schema_version": 1, "run_id": run_id, "tool": {"name": "spameval", "version": "0.1.0"},
        "suite": {"file": None, "name": "diff-basic"},
        "candidate": {"id": candidate, "type": "predictions", "fingerprint": hashlib.sha256(candidate.encode()).hexdigest(),
                      "config": {"id": candidate, "type": "predictions"}},
        "golden_set": {"name": "diff-basic", "version": manifest["version"], "sha256": manifest["sha256"],
                       "count": manifest["count"], "path": f"../../golden-sets/diff-basic/{manifest['version']}"},
        "shard": None, "status": "complete",
        "started_at": "2026-01-05T10:00:00.000Z", "finished_at": "2026-01-05T10:01:00.000Z", "elapsed_seconds": 60,
        "counts": {"items": len(recs), "done": len(recs), "ok": len(recs) - len(errors), "errors": len(errors),
                   "cached": 0, "errors_by_kind": by_kind},
        "usage": {"input_tokens": 0, "output_tokens": 0, "cost_usd": 0},
        "settings": settings, "resumes": 0,
    }
    with open(os.path.join(folder, "run.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


def write_decisions(name, recs, keep=None):
    """A `predictions` candidate's file from a fixture run: errored items are simply absent."""
    folder = os.path.join(ROOT, "fixtures", "diff-ci")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w") as f:
        for r in recs:
            if r["status"] != "ok" or (keep is not None and r["id"] not in keep):
                continue
            f.write(json.dumps({"id": r["id"], "label": r["prediction"]["label"], "score": r["prediction"].get("score")}) + "\n")


def write_fixtures():
    items = golden_items()
    m100 = write_golden("1.0.0", items, None, [{"version": "1.0.0", "date": "2026-01-05", "message": "first version"}])
    items110 = golden_v110(items)
    m110 = write_golden("1.1.0", items110, "1.0.0", [
        {"version": "1.0.0", "date": "2026-01-05", "message": "first version"},
        {"version": "1.1.0", "date": "2026-01-06", "message": "removed s24 h36, added s25 h37 h38, h30 relabeled spam"}])
    settings = {"operating": {"currency": "USD", "fp_cost": 1},
                "triage": {"precision_target": 0.9, "false_clear_target": 0.1, "confidence": 0.95},
                "bootstrap": {"replicates": REPLICATES, "seed": SEED}, "gates": [], "error_budget": 0.2}
    rng = random.Random(20260105)
    write_run("a-baseline", "rules-v1", m100, records(items, decide(items, A_MISSES, A_FLAGS), {"h25": "transport"}, rng), settings)
    write_run("b-candidate", "model-v2", m100,
              records(items, decide(items, B_MISSES, B_FLAGS), {"h20": "timeout", "s15": "invalid_output"}, rng), settings)
    rec_b = [json.loads(line) for line in open(os.path.join(FIXTURE, "runs", "b-candidate", "predictions.jsonl"))]
    write_run("c-regressed", "model-v3", m100, records(items, decide(items, C_MISSES, C_FLAGS), {}, rng), settings)
    rec_c = [json.loads(line) for line in open(os.path.join(FIXTURE, "runs", "c-regressed", "predictions.jsonl"))]
    # fixtures/diff-ci: the same decisions as `predictions` candidates, for `spameval run` in CI tests
    write_decisions("decisions-b.jsonl", rec_b)
    write_decisions("decisions-c.jsonl", rec_c)
    write_decisions("decisions-few.jsonl", rec_b, keep={f"s{k:02d}" for k in range(1, 11)})
    write_run("d-new-version", "model-v2", m110, records(items110, decide(items110, B_MISSES, B_FLAGS), {}, rng, scores=False),
              settings)


# ---------------------------------------------------------------------------------------------
# Reference values, computed from the fixture files
# ---------------------------------------------------------------------------------------------

def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def load_golden(version):
    folder = os.path.join(FIXTURE, "golden-sets", "diff-basic", version)
    return read_jsonl(os.path.join(folder, "items.jsonl"))


def load_run(run_id):
    return {r["id"]: r for r in read_jsonl(os.path.join(FIXTURE, "runs", run_id, "predictions.jsonl"))}


def is_gray(item):
    if item.get("gray_area"):
        return True
    labels = [r["label"] for r in item.get("reviews", [])]
    if len(labels) < 2:
        return False
    counts = sorted((labels.count(x) for x in set(labels)), reverse=True)
    return counts[0] / len(labels) < 0.75 or (len(counts) > 1 and counts[0] == counts[1])


# The paired bootstrap calls each metric on 2,000 resampled index vectors. Calling scikit-learn
# 2,000 times per metric (~72,000 calls) took about a minute, so the replicates go through a fast
# path that performs, on each replicate, the same float operations scikit-learn 1.2.1 performs
# (so every value is bit-identical, not merely close), and scikit-learn stays the reference:
#   * point estimates (the full sample) come from scikit-learn, and the fast path must equal them;
#   * on SPOT_CHECKS replicates (and on every replicate a side drops) each fast value must equal
#     the scikit-learn value exactly (same float bits, same undefined-ness), or the script fails.
# `--check-all` compares every replicate with scikit-learn (the old ~1 minute run).
SPOT_CHECKS = range(0, REPLICATES, 100)
CHECK_ALL = "--check-all" in sys.argv


def same(x, y):
    """Exactly the same value: both undefined, or the same float bits."""
    if x is None or y is None:
        return x is None and y is None
    return float(x).hex() == float(y).hex()


def check_fast(name, ref, idx, vals, ok):
    """The fast values of the replicates `idx` must be scikit-learn's, bit for bit."""
    picked = set(range(len(idx))) if CHECK_ALL or len(idx) == 1 else set(SPOT_CHECKS) | set(np.flatnonzero(~ok)[:10].tolist())
    rows = sorted(picked)
    for r in rows:
        expected = ref(idx[r])
        got = float(vals[r]) if ok[r] else None
        assert same(expected, got), f"{name}: replicate {r}: fast path {got!r} != sklearn {expected!r}"


def resampled_delta(n, fa, fb, va, vb, name):
    """Paired bootstrap: one index vector per replicate for both; undefined -> dropped.
    fa/fb: the metric with scikit-learn on one index vector (float or None); va/vb: the same
    metric on every row of an index matrix at once, as (values, defined)."""
    idx = bootstrap_indices(SEED, n, REPLICATES)
    full = np.arange(n)
    pa, pb = fa(full), fb(full)
    (a, a_ok), (b, b_ok) = va(idx), vb(idx)
    for side, ref, fast, point in [("a", fa, va, pa), ("b", fb, vb, pb)]:
        check_fast(f"{name} ({side}, full sample)", ref, full[None, :], *fast(full[None, :]))
    check_fast(f"{name} (a)", fa, idx, a, a_ok)
    check_fast(f"{name} (b)", fb, idx, b, b_ok)
    keep = a_ok & b_ok
    values = b[keep] - a[keep]  # the replicates in order, as the float subtraction b - a
    low, high = percentile_interval(values, CONFIDENCE)
    return {"a": pa, "b": pb, "delta": None if pa is None or pb is None else pb - pa,
            "low": low, "high": high, "dropped": int(len(idx) - keep.sum())}


def sk(metric, gold, dec):
    """sklearn metric on boolean arrays, None where the denominator is empty."""
    g, d = gold.astype(int), dec.astype(int)
    if metric == "precision":
        return None if d.sum() == 0 else float(precision_score(g, d, zero_division=0))
    if metric == "recall":
        return None if g.sum() == 0 else float(recall_score(g, d, zero_division=0))
    if metric == "f1":
        return None if (g | d).sum() == 0 else float(f1_score(g, d, zero_division=0))
    if metric == "fpr":
        neg = (g == 0)
        return None if neg.sum() == 0 else float(d[neg].mean())
    if metric == "accuracy":
        return float(accuracy_score(g, d))
    raise ValueError(metric)


def fast_sk(metric, gold, dec):
    """`sk` on every row of an index matrix: confusion counts per replicate, then scikit-learn's
    divisions (precision_recall_fscore_support: tp / pred_sum, tp / true_sum, with a zero
    denominator replaced by 1; f-score (1 + 1) * p * r / (1 * p + r) with a zero denominator
    replaced by 1; np.mean of booleans/integers: count / size). Integer counts are exact in
    float64 and each of these is one correctly rounded IEEE operation, as in scikit-learn."""
    def values(idx):
        g, d = gold[idx], dec[idx]
        size = idx.shape[1]
        tp = np.count_nonzero(g & d, axis=1)
        pred = np.count_nonzero(d, axis=1)
        true = np.count_nonzero(g, axis=1)
        fp, neg = pred - tp, size - true
        if metric == "precision":
            return tp / np.where(pred == 0, 1, pred), pred > 0
        if metric == "recall":
            return tp / np.where(true == 0, 1, true), true > 0
        if metric == "f1":
            p = tp / np.where(pred == 0, 1, pred)
            r = tp / np.where(true == 0, 1, true)
            denom = 1 * p + r
            denom[denom == 0.0] = 1
            return (1 + 1) * p * r / denom, (true + fp) > 0
        if metric == "fpr":
            return fp / np.where(neg == 0, 1, neg), neg > 0
        if metric == "accuracy":
            return np.count_nonzero(g == d, axis=1) / size, np.ones(len(idx), dtype=bool)
        raise ValueError(metric)
    return values


def fast_mean(flags):
    """float(flags[i].mean()) on every row of an index matrix: count / size."""
    def values(idx):
        return np.count_nonzero(flags[idx], axis=1) / idx.shape[1], np.ones(len(idx), dtype=bool)
    return values


def score_metric(metric, gold, scores):
    if gold.sum() == 0 or (metric == "roc_auc" and gold.sum() == len(gold)):
        return None
    return float(average_precision_score(gold, scores) if metric == "average_precision" else roc_auc_score(gold, scores))


def _binary_clf_curve(y_true, y_score):
    """sklearn.metrics._ranking._binary_clf_curve (1.2.1) without input validation or weights."""
    desc_score_indices = np.argsort(y_score, kind="mergesort")[::-1]
    y_score = y_score[desc_score_indices]
    y_true = y_true[desc_score_indices]
    distinct_value_indices = np.where(np.diff(y_score))[0]
    threshold_idxs = np.r_[distinct_value_indices, y_true.size - 1]
    tps = np.cumsum(y_true * 1.0, dtype=np.float64)[threshold_idxs]
    fps = 1 + threshold_idxs - tps
    return fps, tps


def _average_precision(y_true, y_score):
    """average_precision_score (1.2.1) of a binary y_true with at least one positive:
    precision_recall_curve, then -np.sum(np.diff(recall) * precision[:-1])."""
    fps, tps = _binary_clf_curve(y_true, y_score)
    ps = tps + fps
    precision = np.zeros_like(tps)
    np.divide(tps, ps, out=precision, where=(ps != 0))
    recall = tps / tps[-1]
    precision, recall = np.hstack((precision[::-1], 1)), np.hstack((recall[::-1], 0))
    return -np.sum(np.diff(recall) * np.array(precision)[:-1])


def _roc_auc(y_true, y_score):
    """roc_auc_score (1.2.1) of a binary y_true with both classes: roc_curve with
    drop_intermediate, then auc = np.trapz(tpr, fpr) (fpr is non-decreasing: direction 1)."""
    fps, tps = _binary_clf_curve(y_true, y_score)
    if len(fps) > 2:
        optimal_idxs = np.where(np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True])[0]
        fps, tps = fps[optimal_idxs], tps[optimal_idxs]
    tps, fps = np.r_[0, tps], np.r_[0, fps]
    return np.trapz(tps / tps[-1], fps / fps[-1])


def fast_score_metric(metric, gold, scores):
    """`score_metric` on every row of an index matrix, one replicate at a time (the final sums
    run over arrays of each replicate's own length, as in scikit-learn)."""
    compute = _average_precision if metric == "average_precision" else _roc_auc

    def values(idx):
        g, s = gold[idx], scores[idx]
        positives = np.count_nonzero(g, axis=1)
        ok = positives > 0 if metric == "average_precision" else (positives > 0) & (positives < idx.shape[1])
        out = np.zeros(len(idx))
        for r in np.flatnonzero(ok):
            out[r] = compute(g[r], s[r])
        return out, ok
    return values


def mcnemar(rows, wrong):
    b = sum(1 for r in rows if not wrong(r, "a") and wrong(r, "b"))
    c = sum(1 for r in rows if wrong(r, "a") and not wrong(r, "b"))
    exact = 1.0 if b + c == 0 else float(sm_mcnemar([[0, b], [c, 0]], exact=True).pvalue)
    return {"n": len(rows), "worse": b, "better": c, "exact_p": exact}


def diff_reference(version_a, run_a, version_b, run_b):
    golden_b = load_golden(version_b)
    ids_a = {it["id"] for it in load_golden(version_a)}
    ra, rb = load_run(run_a), load_run(run_b)
    rows = []
    for it in golden_b:
        if it["id"] not in ids_a:
            continue
        a, b = ra.get(it["id"]), rb.get(it["id"])
        rows.append({"item": it, "gold": it["label"], "a": a, "b": b,
                     "a_ok": a is not None and a["status"] == "ok", "b_ok": b is not None and b["status"] == "ok"})
    paired = [r for r in rows if r["a_ok"] and r["b_ok"]]
    for r in paired:
        r["a_label"] = r["a"]["prediction"]["label"]
        r["b_label"] = r["b"]["prediction"]["label"]
    gold = np.array([r["gold"] == SPAM for r in paired])
    da = np.array([r["a_label"] == SPAM for r in paired])
    db = np.array([r["b_label"] == SPAM for r in paired])
    n = len(paired)
    deltas = {}
    for metric in ["precision", "recall", "f1", "fpr", "accuracy"]:
        deltas[metric] = resampled_delta(n, lambda i, m=metric: sk(m, gold[i], da[i]), lambda i, m=metric: sk(m, gold[i], db[i]),
                                         fast_sk(metric, gold, da), fast_sk(metric, gold, db), metric)
    scored = all("score" in r["a"]["prediction"] and "score" in r["b"]["prediction"] for r in paired)
    if scored:
        sa = np.array([r["a"]["prediction"]["score"] for r in paired])
        sb = np.array([r["b"]["prediction"]["score"] for r in paired])
        for metric in ["average_precision", "roc_auc"]:
            deltas[metric] = resampled_delta(n, lambda i, m=metric: score_metric(m, gold[i], sa[i]),
                                             lambda i, m=metric: score_metric(m, gold[i], sb[i]),
                                             fast_score_metric(metric, gold, sa), fast_score_metric(metric, gold, sb), metric)
    ea = np.array([r["a"] is not None and r["a"]["status"] == "error" for r in rows])
    eb = np.array([r["b"] is not None and r["b"]["status"] == "error" for r in rows])
    deltas["error_rate"] = resampled_delta(len(rows), lambda i: float(ea[i].mean()), lambda i: float(eb[i].mean()),
                                           fast_mean(ea), fast_mean(eb), "error_rate")

    categories = []
    for cat in ["phishing", "pharma", "scam"]:
        sub = [r for r in paired if r["gold"] == SPAM and r["item"].get("category") == cat]
        ca = np.array([r["a_label"] == SPAM for r in sub])
        cb = np.array([r["b_label"] == SPAM for r in sub])
        ones = np.ones(len(sub), dtype=bool)
        d = resampled_delta(len(sub), lambda i: sk("recall", ones[i], ca[i]), lambda i: sk("recall", ones[i], cb[i]),
                            fast_sk("recall", ones, ca), fast_sk("recall", ones, cb), f"category.{cat}.recall")
        deltas[f"category.{cat}.recall"] = d
        categories.append({"category": cat, "paired": len(sub), "mcnemar": mcnemar(sub, lambda r, s: r[f"{s}_label"] != SPAM)})
    holm = multipletests([c["mcnemar"]["exact_p"] for c in categories], method="holm")[1]
    for c, p in zip(categories, holm):
        c["holm_p"] = float(p)

    for group, pick in [("gray", True), ("clear", False)]:
        sub = [r for r in paired if is_gray(r["item"]) == pick]
        ga = np.array([r["a_label"] == r["gold"] for r in sub])
        gb = np.array([r["b_label"] == r["gold"] for r in sub])
        deltas[f"{group}.accuracy"] = resampled_delta(len(sub), lambda i: float(ga[i].mean()), lambda i: float(gb[i].mean()),
                                                      fast_mean(ga), fast_mean(gb), f"{group}.accuracy")

    overall = mcnemar(paired, lambda r, s: r[f"{s}_label"] != r["gold"])
    negatives = mcnemar([r for r in paired if r["gold"] != SPAM], lambda r, s: r[f"{s}_label"] == SPAM)
    positives = mcnemar([r for r in paired if r["gold"] == SPAM], lambda r, s: r[f"{s}_label"] != SPAM)
    holm3 = multipletests([overall["exact_p"], negatives["exact_p"], positives["exact_p"]], method="holm")[1]
    k = overall["worse"] + overall["better"]
    mid = None
    if k > 0:
        from scipy.stats import binom
        lo = min(overall["worse"], overall["better"])
        mid = float(2 * (binom.cdf(lo, k, 0.5) - 0.5 * binom.pmf(lo, k, 0.5)))

    def flips(gold_label, a_pos, b_pos):
        return sorted(r["item"]["id"] for r in paired
                      if r["gold"] == gold_label and (r["a_label"] == SPAM) == a_pos and (r["b_label"] == SPAM) == b_pos)

    return {
        "runs": [run_a, run_b],
        "pairing": {"items": len(rows), "paired": n,
                    "answered_only_by_a": sum(1 for r in rows if r["a_ok"] and not r["b_ok"]),
                    "answered_only_by_b": sum(1 for r in rows if r["b_ok"] and not r["a_ok"])},
        "deltas": deltas,
        "mcnemar": {"overall": dict(overall, mid_p=mid, holm_p=float(holm3[0])),
                    "gold_negatives": dict(negatives, holm_p=float(holm3[1])),
                    "gold_positives": dict(positives, holm_p=float(holm3[2]))},
        "flips": {"new_false_positives": flips(HAM, False, True), "fixed_false_positives": flips(HAM, True, False),
                  "new_false_negatives": flips(SPAM, True, False), "fixed_false_negatives": flips(SPAM, False, True),
                  "unchanged_errors": sum(1 for r in paired if r["a_label"] != r["gold"] and r["b_label"] != r["gold"])},
        "categories": categories,
        "newly_failing": sorted(r["item"]["id"] for r in rows if r["a_ok"] and not r["b_ok"]),
        "newly_answered": sorted(r["item"]["id"] for r in rows if r["b_ok"] and not r["a_ok"]),
    }


def main():
    if "--write-fixtures" in sys.argv:
        write_fixtures()
        return
    out = {
        "generatedBy": "tests/reference/diff_reference.py",
        "bootstrap": {"replicates": REPLICATES, "seed": SEED, "confidence": CONFIDENCE},
        "cases": {
            "a_vs_b": diff_reference("1.0.0", "a-baseline", "1.0.0", "b-candidate"),
            "a_vs_c": diff_reference("1.0.0", "a-baseline", "1.0.0", "c-regressed"),
            "b_vs_d": diff_reference("1.0.0", "b-candidate", "1.1.0", "d-new-version"),
        },
    }
    # The scenario's hand-computed McNemar values (see the comment at the top)
    ab = out["cases"]["a_vs_b"]["mcnemar"]["overall"]
    assert (ab["worse"], ab["better"]) == (2, 9) and abs(ab["exact_p"] - 134 / 2048) < 1e-15
    assert abs(ab["mid_p"] - 79 / 2048) < 1e-15
    json.dump(clean(out), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
