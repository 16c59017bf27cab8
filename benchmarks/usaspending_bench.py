"""How long a USAspending import of many awards takes: reading and planning, then the
check with the seeds and the write.

    python benchmarks/usaspending_bench.py --rows 100000

It writes a synthetic award summary file (the real download's header, from
tests/fixtures/usaspending/real; every row a copy of its first row with its own award
key, PIID, amount and one of ``--vendors`` recipients, each with its UEI) into a
temporary folder, then times ``plan_usaspending`` (read, fold, resolve, build) and
``write_plan`` (the bulk files, validated with the seeds) against ``seeds/``, each in
wall-clock and CPU seconds. The rows are not facts: they exist only in the temporary
folder.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEMPLATE = (
    ROOT
    / "tests/fixtures/usaspending/real/Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv"
)


def synthesize(path: Path, rows: int, vendors: int) -> None:
    with TEMPLATE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        first = next(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        for n in range(rows):
            piid = f"BENCH{n:09d}"
            key = f"CONT_AWD_{piid}_7012_-NONE-_-NONE-"
            vendor = n % vendors
            writer.writerow(
                first
                | {
                    "contract_award_unique_key": key,
                    "award_id_piid": piid,
                    "total_obligated_amount": f"{(n % 997) * 10.5 - 500:.2f}",
                    "recipient_uei": f"B{vendor:011d}",
                    "recipient_name": f"BENCH VENDOR {vendor}",
                    "recipient_duns": "",
                    "cage_code": "",
                    "usaspending_permalink": f"https://www.usaspending.gov/award/{key}/",
                }
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--vendors", type=int, default=5_000)
    args = parser.parse_args()
    from graphkit.ingest.validation import load_seeds
    from graphkit.interop.seedout import write_plan
    from graphkit.interop.usaspending import plan_usaspending

    with tempfile.TemporaryDirectory(prefix="graphkit-usaspending-bench-") as tmp:
        path = Path(tmp) / "Contracts_PrimeAwardSummaries_bench.csv"
        synthesize(path, args.rows, args.vendors)
        seeds = load_seeds(ROOT / "seeds")
        started, cpu0 = time.perf_counter(), time.process_time()
        plan = plan_usaspending(path, seeds)
        planned, cpu1 = time.perf_counter(), time.process_time()
        written = write_plan(plan, Path(tmp) / "out", (ROOT / "seeds",))
        done, cpu2 = time.perf_counter(), time.process_time()
        counts = {kind: len(records) for kind, records in plan.records.items() if records}
        print(f"rows: {args.rows:,}; vendors: {args.vendors:,}; new records: {counts}")
        print(f"read and plan: {planned - started:.1f} s ({cpu1 - cpu0:.1f} s of CPU)")
        print(
            f"check with the seeds and write ({len(written)} files): {done - planned:.1f} s "
            f"({cpu2 - cpu1:.1f} s of CPU)"
        )
        print(f"total: {done - started:.1f} s ({cpu2 - cpu0:.1f} s of CPU; the rest is waiting")
        print("for a shared machine's cores)")


if __name__ == "__main__":
    main()
