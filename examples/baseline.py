"""The baseline scores of a reefer dataset (`reefer dataset`): a fault classifier and an RUL
regressor trained on the train units, scored on the test units.

    python examples/baseline.py DIR            # a table
    python examples/baseline.py DIR --json     # one JSON line

Features are hourly means of the sensors a model may use (not `maintenance_required`, which is
the failure itself), their 24-hour means and 24-hour changes, and the alarms of the last 24 h.
- Classifier: does the unit fail within a week (168 h)? Scored by F1 (threshold 0.5) and the area under
  the precision-recall curve, on every test hour whose answer is known.
- Regressor: hours to the next failure, capped at 240 h (as C-MAPSS baselines cap the RUL).
  Scored by RMSE at the last reading of each test unit that fails after its cut
  (`rul_rmse_cut`, as C-MAPSS scores), and over those units' last 240 hours (`rul_rmse`).
Train and validation units are both trained on: the baseline does not tune anything.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import average_precision_score, f1_score

HORIZON_H = 168.0
RUL_CAP_H = 240.0
SENSORS = [
    "temperature", "target_temperature", "ambiant_temperature", "kilowatts",
    "supply_air_temperature", "return_air_temperature", "power_on", "compressor_duty",
    "compressor_current", "ambient_humidity", "fan_1", "fan_2", "fan_3",
]


def load(folder):
    """The tables a model may read, and the split."""
    d = Path(folder)
    telemetry = pd.read_parquet(d / "telemetry", columns=["container_id", "measurement_time"] + SENSORS)
    return {
        "telemetry": telemetry,
        "alarms": pd.read_parquet(d / "alarms.parquet", columns=["unit_id", "code", "raised_at"]),
        "failures": pd.read_parquet(d / "failures.parquet"),
        "units": pd.read_parquet(d / "units.parquet"),
        "test_truth": pd.read_parquet(d / "test_truth.parquet"),
        "split": json.loads((d / "split.json").read_text()),
    }


def hourly_features(t, alarms):
    """One row per unit-hour: sensor means, 24-h means and changes, alarms in the last 24 h."""
    t = t.assign(
        unit_id=t["container_id"].astype(str),
        hour=t["measurement_time"].dt.floor("h"),
        cargo_delta=t["temperature"] - t["target_temperature"],
        air_delta=t["return_air_temperature"] - t["supply_air_temperature"],
    ).drop(columns=["container_id", "measurement_time"])
    for fan in ["fan_1", "fan_2", "fan_3", "power_on"]:
        t[fan] = t[fan].astype(float)
    h = t.groupby(["unit_id", "hour"], sort=True).mean().reset_index()
    columns = [c for c in h.columns if c not in ("unit_id", "hour")]
    by_unit = h.groupby("unit_id", sort=False)
    for c in columns:
        h[c + "_24h"] = by_unit[c].transform(lambda x: x.rolling(24, min_periods=1).mean())
        h[c + "_d24h"] = h[c + "_24h"] - h.groupby("unit_id", sort=False)[c + "_24h"].shift(24)
    a = alarms.assign(unit_id=alarms["unit_id"].astype(str), hour=alarms["raised_at"].dt.floor("h"))
    counts = a.groupby(["unit_id", "hour"]).size().rename("alarms").reset_index()
    h = h.merge(counts, on=["unit_id", "hour"], how="left").fillna({"alarms": 0})
    h["alarms_24h"] = h.groupby("unit_id", sort=False)["alarms"].transform(
        lambda x: x.rolling(24, min_periods=1).sum()
    )
    return h


def train_labels(h, failures, span_end):
    """Hours to the next failure of each train hour (NaN when none is known), and whether the
    unit is down (failed, waiting for its repair)."""
    f = failures.sort_values(["unit_id", "failed_at"])
    rul = np.full(len(h), np.nan)
    down = np.zeros(len(h), dtype=bool)
    for unit, rows in h.groupby("unit_id", sort=False).groups.items():
        hours = h.loc[rows, "hour"].values
        events = f[f["unit_id"] == unit]
        nxt = np.full(len(hours), np.datetime64("NaT"), dtype="datetime64[ns]")
        for _, e in events.iloc[::-1].iterrows():
            failed = np.datetime64(e["failed_at"].tz_convert(None))
            repaired = e["repaired_at"]
            repaired = np.datetime64(repaired.tz_convert(None)) if pd.notna(repaired) else np.datetime64(span_end)
            nxt = np.where(hours + np.timedelta64(1, "h") <= failed, failed, nxt)
            down[np.asarray(rows)[(hours + np.timedelta64(1, "h") > failed) & (hours < repaired)]] = True
        known = ~np.isnat(nxt)
        rul[np.asarray(rows)[known]] = (nxt[known] - hours[known]) / np.timedelta64(1, "h")
    return rul, down


def labelled(h, failures, span_end):
    """`h` with each hour's RUL (hours to the next failure, NaN when none is known), whether the
    unit is down (failed, waiting for its repair: left out), and the hours left in the span."""
    rul, down = train_labels(h, failures, span_end)
    left = (span_end - h["hour"]).dt.total_seconds().values / 3600.0
    return h.assign(rul=rul, left=left)[~down]


def run(folder):
    data = load(folder)
    split = data["split"]
    h = hourly_features(data["telemetry"], data["alarms"])
    h["hour"] = h["hour"].dt.tz_convert(None)
    span_end = h["hour"].max() + pd.Timedelta(hours=1)
    features = [c for c in h.columns if c not in ("unit_id", "hour")]
    failures = data["failures"].assign(unit_id=data["failures"]["unit_id"].astype(str))
    truth = data["test_truth"].assign(unit_id=data["test_truth"]["unit_id"].astype(str))
    # The test units' failure after the cut, from the truth, beside those before it.
    scored = truth[truth["fails_in_span"]]
    after_cut = pd.DataFrame({
        "unit_id": scored["unit_id"],
        "failed_at": scored["last_reading"] + pd.to_timedelta(scored["rul_hours"], unit="h"),
        "repaired_at": pd.NaT,
    })
    failures = pd.concat([failures, after_cut], ignore_index=True)
    failures["repaired_at"] = pd.to_datetime(failures["repaired_at"], utc=True)

    train = labelled(h[h["unit_id"].isin(split["train"] + split["validation"])].reset_index(drop=True), failures, span_end)
    test = labelled(h[h["unit_id"].isin(split["test"])].reset_index(drop=True), failures, span_end)

    # Known class: a failure ahead, or enough span left to know there is none within the horizon.
    cls = train[train["rul"].notna() | (train["left"] > HORIZON_H)]
    y_cls = (cls["rul"] <= HORIZON_H).astype(int)
    reg = train[train["rul"].notna() | (train["left"] > RUL_CAP_H)]
    y_reg = np.minimum(reg["rul"].fillna(RUL_CAP_H), RUL_CAP_H)
    classifier = HistGradientBoostingClassifier(max_iter=200, random_state=0)
    classifier.fit(cls[features], y_cls)
    regressor = HistGradientBoostingRegressor(max_iter=200, random_state=0)
    regressor.fit(reg[features], y_reg)

    known = test[test["rul"].notna() | (test["left"] > HORIZON_H)]
    y_true = (known["rul"] <= HORIZON_H).astype(int)
    p = classifier.predict_proba(known[features])[:, 1]
    # RUL: the hours of the test units that fail after their cut, before that failure.
    failing = test[test["unit_id"].isin(scored["unit_id"]) & test["rul"].notna()]
    last = truth.set_index("unit_id")["last_reading"].dt.tz_convert(None).dt.floor("h")
    failing = failing[failing["hour"] <= failing["unit_id"].map(last)]
    failing = failing[failing["hour"] > failing["unit_id"].map(last) - pd.Timedelta(hours=RUL_CAP_H)]
    capped = np.minimum(failing["rul"], RUL_CAP_H)
    predicted = np.clip(regressor.predict(failing[features]), 0, RUL_CAP_H)
    at_cut = (failing["hour"] == failing["unit_id"].map(last)).values
    rmse = lambda a, b: float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2))) if len(a) else float("nan")
    return {
        "train_hours": int(len(cls)),
        "train_positive_share": round(float(y_cls.mean()), 4),
        "test_units": int(truth.shape[0]),
        "test_failing_units": int(len(scored)),
        "test_hours": int(len(known)),
        "test_positive_share": round(float(y_true.mean()), 4) if len(y_true) else 0.0,
        "f1": round(float(f1_score(y_true, p >= 0.5, zero_division=0)), 4),
        "pr_auc": round(float(average_precision_score(y_true, p)), 4) if y_true.any() else float("nan"),
        "rul_rmse": round(rmse(capped, predicted), 2),
        "rul_rmse_cut": round(rmse(capped[at_cut], predicted[at_cut]), 2),
    }


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    scores = run(args[0])
    if "--json" in sys.argv:
        print(json.dumps(scores))
    else:
        for k, v in scores.items():
            print(f"{k:22} {v}")


if __name__ == "__main__":
    main()
