"""The benchmark job done by a dataframe library, for comparison with `assess score`.

Read the wide CSV, reverse-key every fifth item (6 - value on the 1-5 scale), take each response's
mean per dimension over its answered items, then each subject's mean over its responses, and the
overall score as the mean of the dimension scores; write one row per subject and dimension with
4 decimals. This is the same computation as scale-scores on Benchmarks/instruments/bench-50.

    python3 peers.py pandas|polars INPUT.csv OUTPUT.csv
"""
import sys

ITEMS = [f"q{n:02d}" for n in range(1, 51)]
DIMENSIONS = {f"d{d:02d}": ITEMS[(d - 1) * 5:d * 5] for d in range(1, 11)}
REVERSED = [f"q{n:02d}" for n in range(5, 51, 5)]


def with_pandas(source, target):
    import pandas as pd
    frame = pd.read_csv(source, dtype={item: "float64" for item in ITEMS})
    for item in REVERSED:
        frame[item] = 6 - frame[item]
    for dimension, items in DIMENSIONS.items():
        frame[dimension] = frame[items].mean(axis=1, skipna=True)
    scores = frame.groupby("subject", sort=True)[list(DIMENSIONS)].mean()
    scores["overall"] = scores[list(DIMENSIONS)].mean(axis=1)
    long = scores.reset_index().melt(id_vars="subject", var_name="dimension", value_name="score")
    long.sort_values(["subject", "dimension"]).to_csv(target, index=False, float_format="%.4f")


def with_polars(source, target):
    import polars as pl
    frame = pl.read_csv(source, schema_overrides={item: pl.Float64 for item in ITEMS})
    frame = frame.with_columns([(6 - pl.col(item)).alias(item) for item in REVERSED])
    frame = frame.with_columns([pl.mean_horizontal(items).alias(dimension) for dimension, items in DIMENSIONS.items()])
    scores = frame.group_by("subject").agg([pl.col(d).mean() for d in DIMENSIONS]).sort("subject")
    scores = scores.with_columns(pl.mean_horizontal(list(DIMENSIONS)).alias("overall"))
    long = scores.unpivot(index="subject", variable_name="dimension", value_name="score").sort(["subject", "dimension"])
    long.write_csv(target, float_precision=4)


if __name__ == "__main__":
    library, source, target = sys.argv[1:4]
    {"pandas": with_pandas, "polars": with_polars}[library](source, target)
