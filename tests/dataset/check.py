"""Checks a `reefer dataset` folder the way a data scientist loads it: every table through
pyarrow and pandas with the types a reader expects, and the tables agreeing with each other.

    python tests/dataset/check.py DIR [OTHER_DIR ...]

With more folders (the same dataset partitioned otherwise), also checks that their telemetry
holds the same rows. Prints one JSON line of counts; exits non-zero on the first failure.
"""
import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

EXPECTED = {
    "telemetry": {
        "container_id": pa.string(), "measurement_time": pa.timestamp("ms", tz="UTC"),
        "temperature": pa.float64(), "time_door_open": pa.int64(), "fan_2": pa.bool_(),
        "maintenance_required": pa.bool_(), "power_on": pa.bool_(),
        "compressor_current": pa.float64(), "alarm_code": pa.string(), "mode": pa.string(),
    },
    "alarms": {"unit_id": pa.string(), "code": pa.string(),
               "raised_at": pa.timestamp("ms", tz="UTC"), "nuisance": pa.bool_()},
    "maintenance": {"time": pa.timestamp("ms", tz="UTC"), "kind": pa.string()},
    "failures": {"failed_at": pa.timestamp("ms", tz="UTC"), "failure_mode": pa.string(),
                 "downtime_hours": pa.float64()},
    "units": {"unit_id": pa.string(), "age_years": pa.int64(), "split": pa.string()},
    "test_truth": {"last_reading": pa.timestamp("ms", tz="UTC"), "fails_in_span": pa.bool_(),
                   "rul_hours": pa.float64()},
}


def check(cond, message):
    if not cond:
        sys.exit(f"check.py: {message}")


def plain(t):
    """A table's type with dictionary encoding read through."""
    return t.value_type if pa.types.is_dictionary(t) else t


def telemetry(d):
    table = pq.read_table(d / "telemetry")
    return table.drop_columns([c for c in ("unit", "day") if c in table.column_names])


def main():
    d = Path(sys.argv[1])
    counts = {}
    for name, columns in EXPECTED.items():
        path = d / "telemetry" if name == "telemetry" else d / f"{name}.parquet"
        table = telemetry(d) if name == "telemetry" else pq.read_table(path)
        frame = pd.read_parquet(path)
        check(len(frame) == table.num_rows, f"{name}: pandas and pyarrow disagree on rows")
        for column, kind in columns.items():
            got = plain(table.schema.field(column).type)
            check(got == kind, f"{name}.{column} is {got}, expected {kind}")
        counts[name] = table.num_rows
    split = json.loads((d / "split.json").read_text())
    units = pd.read_parquet(d / "units.parquet")
    for role in ("train", "validation", "test"):
        ids = sorted(units.loc[units["split"] == role, "unit_id"])
        check(ids == sorted(split[role]), f"split.json's {role} differs from units.split")
    t = pd.read_parquet(d / "telemetry", columns=["container_id", "measurement_time"])
    t["container_id"] = t["container_id"].astype(str)
    check(set(t["container_id"]) <= set(units["unit_id"]), "telemetry of an unknown unit")
    truth = pd.read_parquet(d / "test_truth.parquet")
    check(sorted(truth["unit_id"]) == sorted(split["test"]), "test_truth is not the test units")
    last = t.groupby("container_id")["measurement_time"].max()
    for _, row in truth.iterrows():
        check(last.get(row["unit_id"]) <= row["last_reading"],
              f"{row['unit_id']}: telemetry after its cut")
        check(row["fails_in_span"] == pd.notna(row["rul_hours"]), "RUL without a failure")
        check(pd.isna(row["rul_hours"]) or row["rul_hours"] >= 0, "a negative RUL")
    failures = pd.read_parquet(d / "failures.parquet")
    check((failures["repaired_at"].isna() | (failures["repaired_at"] > failures["failed_at"])).all(),
          "a repair before its failure")
    alarms = pd.read_parquet(d / "alarms.parquet")
    check((alarms["cleared_at"].isna() | (alarms["cleared_at"] > alarms["raised_at"])).all(),
          "an alarm cleared before it was raised")
    sheet = (d / "DATASHEET.md").read_text()
    for name in EXPECTED:
        check(f"### `{name}`" in sheet, f"DATASHEET.md does not describe {name}")
    base = telemetry(d).to_pandas()
    key = ["container_id", "measurement_time"]
    base = base.assign(container_id=base["container_id"].astype(str)).sort_values(key, ignore_index=True)
    for other in sys.argv[2:]:
        o = telemetry(Path(other)).to_pandas()
        o = o.assign(container_id=o["container_id"].astype(str)).sort_values(key, ignore_index=True)
        pd.testing.assert_frame_equal(base, o, check_categorical=False)
    counts["late_out_of_order"] = int((t.groupby("container_id")["measurement_time"].diff().dt.total_seconds() < 0).sum())
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
