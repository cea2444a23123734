"""A baseline in the original Python simulator's style, for side-by-side benchmarks.

It generates the same columns the way the original tool did: whole numpy columns in a pandas
DataFrame, fault runs and labels written row by row with `df.at`, then `DataFrame.to_csv`.
It is written for this benchmark from the documented behaviour (SPEC.md), not copied.

Usage: python original_style.py SIMULATION RECORDS OUTPUT
"""

import random
import sys

import numpy as np
import pandas as pd

PRODUCTS = {"P02": (2, 6.0, 60)}
COLUMNS = [
    "container_id", "measurement_time", "product_id", "temperature", "target_temperature",
    "ambiant_temperature", "kilowatts", "time_door_open", "content_type", "defrost_cycle",
    "oxygen_level", "nitrogen_level", "humidity_level", "carbon_dioxide_level", "fan_1",
    "fan_2", "fan_3", "latitude", "longitude", "maintenance_required",
]


def normal_frame(n, cid="C01", product="P02"):
    ctype, target, humidity = PRODUCTS[product]
    cols = {
        "container_id": np.repeat(cid, n),
        "measurement_time": pd.date_range("2026-01-01", periods=n, freq="5min").strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        "product_id": np.repeat(product, n),
        "temperature": np.random.normal(target, 1, n),
        "target_temperature": np.repeat(target, n),
        "ambiant_temperature": np.random.normal(20, 1, n),
        "kilowatts": np.random.normal(2.7, 1, n),
        "time_door_open": np.repeat(0, n),
        "content_type": np.repeat(ctype, n),
        "defrost_cycle": np.random.randint(3, 7, n),
        "oxygen_level": np.random.normal(21, 1, n),
        "nitrogen_level": np.random.normal(78, 1, n),
        "humidity_level": np.random.normal(humidity, 1, n),
        "carbon_dioxide_level": np.random.normal(4, 1, n),
        "fan_1": np.repeat(True, n),
        "fan_2": np.repeat(True, n),
        "fan_3": np.repeat(True, n),
        "latitude": np.repeat("37.8226902168957", n),
        "longitude": np.repeat("-122.324895", n),
        "maintenance_required": np.repeat(0, n),
    }
    return pd.DataFrame(cols)[COLUMNS]


def inject(df, column, mean, sigma):
    n = len(df)
    length = int(n * 0.12)
    start = 0
    for _ in range(3):
        start = random.randint(start, n - length)
        for i in range(start, start + length):
            df.at[i, column] = np.random.normal(mean, sigma)


def generate(simulation, n):
    df = normal_frame(n)
    if simulation == "poweroff":
        inject(df, "kilowatts", 0, 0)
        for i in range(n - 1):
            if df.at[i, "kilowatts"] <= 0 and df.at[i + 1, "kilowatts"] <= 0:
                df.at[i, "maintenance_required"] = 1
                df.at[i, "fan_1"] = df.at[i, "fan_2"] = df.at[i, "fan_3"] = False
    elif simulation == "co2sensor":
        inject(df, "carbon_dioxide_level", 12, 2)
        for i in range(n):
            co2 = df.at[i, "carbon_dioxide_level"]
            df.at[i, "maintenance_required"] = 1 if (co2 > 10.8 or co2 < 0) else 0
    elif simulation == "o2sensor":
        inject(df, "oxygen_level", 11, 2)
        for i in range(n):
            df.at[i, "maintenance_required"] = 1 if df.at[i, "oxygen_level"] < 12 else 0
    return df


if __name__ == "__main__":
    simulation, records, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    generate(simulation, records).to_csv(output, index=False)
