"""Checks that a dataset written in shards (`reefer dataset --shard K/N` into one folder) holds
exactly the whole run's rows: every table of WHOLE equals the same table of SHARDED, the
telemetry read part by part in shard order (row for row, not merely as a set), the alarms unit
by unit in their order (a run partitioned by day writes them day by day, so the whole run
interleaves the units that the shards keep apart).

    python shards.py WHOLE SHARDED N

Prints one line per table compared and exits non-zero on the first difference.
"""

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def parts(folder: Path, n: int) -> pa.Table:
    """The shards' files of one folder, concatenated in shard order."""
    tables = [pq.read_table(folder / f"part-{k}.parquet") for k in range(n)
              if (folder / f"part-{k}.parquet").exists()]
    assert tables, f"no part file in {folder}"
    return pa.concat_tables(tables)


def same(name: str, whole: pa.Table, sharded: pa.Table) -> None:
    assert whole.schema.equals(sharded.schema), f"{name}: schemas differ"
    assert whole.num_rows == sharded.num_rows, (
        f"{name}: {whole.num_rows} rows in the whole run, {sharded.num_rows} in the shards")
    assert whole.equals(sharded), f"{name}: the rows differ"
    print(f"{name}: {whole.num_rows} rows equal")


def by_unit(table: pa.Table) -> pa.Table:
    """The rows grouped by unit, each unit's rows in their order."""
    units = table.column("unit_id").to_pylist()
    order = sorted(range(len(units)), key=lambda i: (units[i], i))
    return table.take(pa.array(order, type=pa.int64()))


def main() -> None:
    whole, sharded, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    for table in ["units", "failures", "maintenance", "test_truth"]:
        a = (whole / f"{table}.parquet").read_bytes()
        b = (sharded / f"{table}.parquet").read_bytes()
        assert a == b, f"{table}.parquet differs"
        print(f"{table}: same bytes")
    assert (whole / "split.json").read_bytes() == (sharded / "split.json").read_bytes()
    same("alarms", by_unit(pq.read_table(whole / "alarms.parquet")),
         by_unit(parts(sharded / "alarms", n)))
    folders = sorted(p.parent for p in (whole / "telemetry").rglob("part-0.parquet"))
    sharded_folders = sorted({p.parent for p in (sharded / "telemetry").rglob("part-*.parquet")})
    assert [f.relative_to(whole) for f in folders] == \
        [f.relative_to(sharded) for f in sharded_folders], "the telemetry folders differ"
    total = 0
    for folder in folders:
        twin = sharded / folder.relative_to(whole)
        a = pq.read_table(folder / "part-0.parquet")
        same(str(folder.relative_to(whole)), a, parts(twin, n))
        total += a.num_rows
    print(f"telemetry: {total} rows in {len(folders)} folders equal")


if __name__ == "__main__":
    main()
