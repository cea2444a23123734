"""Reads a run's CSV and its Parquet file back, with pandas and with pyarrow, and checks that
they hold the same values, with the types a reader expects (relay/tests/cli_parquet.rs).

usage: compare.py RUN.csv RUN.parquet -> prints "rows N columns M", then each column's encodings
in the first row group ("encodings NAME: E1,E2"), and exits 0, or fails.
"""
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

csv_path, parquet_path = sys.argv[1], sys.argv[2]
csv = pd.read_csv(csv_path, keep_default_na=False, dtype=str)
table = pq.read_table(parquet_path)
frame = pd.read_parquet(parquet_path)
assert list(table.column_names) == list(csv.columns), (table.column_names, list(csv.columns))
assert list(frame.columns) == list(csv.columns)
assert table.num_rows == len(csv) == len(frame), (table.num_rows, len(csv))

TIMES = {"measurement_time", "ingest_time"}
TEXT = {"container_id", "product_id", "alarm_code", "mode", "fault_type", "fault_class", "failure_mode"}
FLAGS = {"fan_1", "fan_2", "fan_3", "power_on", "alarm_nuisance", "rul_beyond_span"}
INTS = {"time_door_open", "content_type", "defrost_cycle", "fault_id", "minutes_since_onset",
        "remaining_useful_life_minutes"}

for name in csv.columns:
    kind = table.schema.field(name).type
    text = csv[name]
    present = text != ""
    column = table.column(name).to_pandas()
    # pandas reads the same column from the file as pyarrow does.
    assert frame[name].equals(column), name
    if name in TIMES:
        assert pa.types.is_timestamp(kind) and kind.tz == "UTC", (name, kind)
        expected = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S").dt.tz_localize("UTC")
        assert (column == expected).all(), name
    elif name in TEXT:
        assert pa.types.is_string(kind) or pa.types.is_large_string(kind), (name, kind)
        assert (column[present] == text[present]).all(), name
        assert column[~present].isna().all(), name
    elif name in FLAGS:
        assert pa.types.is_boolean(kind), (name, kind)
        assert (column[present].astype(bool) == (text[present] == "True")).all(), name
        assert column[~present].isna().all(), name
    elif name == "maintenance_required":
        assert pa.types.is_boolean(kind), (name, kind)
        assert (column == (text == "1")).all(), name
    elif name in INTS:
        assert pa.types.is_integer(kind), (name, kind)
        got = column[present].astype("int64").to_numpy()
        assert np.array_equal(got, text[present].astype("int64").to_numpy()), name
        assert column[~present].isna().all(), name
    else:
        assert pa.types.is_float64(kind), (name, kind)
        # The CSV holds each double's shortest round-trip text: read back, the same double.
        assert np.array_equal(column.to_numpy(), text.astype("float64").to_numpy()), name

print(f"rows {table.num_rows} columns {table.num_columns}")
metadata = pq.ParquetFile(parquet_path).metadata
for i, name in enumerate(table.column_names):
    encodings = sorted(metadata.row_group(0).column(i).encodings)
    print(f"encodings {name}: {','.join(encodings)}")
