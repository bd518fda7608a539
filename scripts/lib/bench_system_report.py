"""Summary of scripts/bench-system's wrk runs: rates, latencies, the issue #20 ratios.

Reads WORK/<kind>.txt (wrk outputs, one "== kind" block per run) and prints medians over
the rounds and the targets' verdicts. Usage: bench_system_report.py WORK
"""
import pathlib
import re
import statistics
import sys

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def runs(work, kind):
    """[(requests/s, p50 ms, p99 ms)] of each wrk run of this kind."""
    path = pathlib.Path(work) / f"{kind}.txt"
    out = []
    for block in path.read_text().split("== ")[1:]:
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", block).group(1))
        pct = {}
        for p, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", block, re.M):
            pct[p] = float(value) * UNITS[unit]
        out.append((rate, pct.get("50", float("nan")), pct.get("99", float("nan"))))
    return out


def cpu_per_request(work, kind):
    """(services' µs, receiver's µs) of CPU per request, summed over the runs, or None."""
    path = pathlib.Path(work) / f"{kind}.cpu"
    if not path.exists():
        return None
    ticks = receiver = requests = 0
    tck = 100
    for line in path.read_text().split("\n"):
        if line.strip():
            tck, t, r, n = (int(x) for x in line.split())
            ticks, receiver, requests = ticks + t, receiver + r, requests + n
    return 1e6 * ticks / tck / max(requests, 1), 1e6 * receiver / tck / max(requests, 1)


def med(values):
    return statistics.median(values)


def main(work):
    kinds = ["single", "chain_off", "chain_on", "c1_off", "c1_on", "frontend_off", "frontend_on"]
    data = {k: runs(work, k) for k in kinds}
    rate = {k: med([r[0] for r in v]) for k, v in data.items()}
    p50 = {k: med([r[1] for r in v]) for k, v in data.items()}
    p99 = {k: med([r[2] for r in v]) for k, v in data.items()}
    n = len(data["single"])
    hops = 4
    ideal = rate["single"] / hops
    print(f"medians of {n} round(s):")
    print(f"  single hop (fake-iss-api /iss-now.json, -c8):  {rate['single']:8.0f} req/s"
          f"  -> ideal 4-hop chain {ideal:.0f} req/s")
    for side in ("off", "on"):
        print(f"  chain, telemetry {side:3} (-c8):               {rate['chain_' + side]:8.0f} req/s"
              f"  p50 {p50['chain_' + side]:.2f} ms  p99 {p99['chain_' + side]:.2f} ms")
    for side in ("off", "on"):
        print(f"  chain, telemetry {side:3}, one at a time (-c1): {rate['c1_' + side]:8.0f} req/s"
              f"  p50 {p50['c1_' + side]:.3f} ms  p99 {p99['c1_' + side]:.3f} ms")
    for side in ("off", "on"):
        print(f"  form submission via frontend, {side:3} (-c1): {rate['frontend_' + side]:8.0f} req/s"
              f"  p50 {p50['frontend_' + side]:.3f} ms  p99 {p99['frontend_' + side]:.3f} ms")
    cpu = {k: cpu_per_request(work, k) for k in kinds}
    if all(cpu.values()):
        print("CPU per request (utime+stime from /proc over the runs; tick = 10 ms, so short"
              " runs are coarse):")
        print(f"  single hop: fake-iss-api {cpu['single'][0]:.0f} us")
        for side in ("off", "on"):
            print(f"  chain {side:3} (-c8): the four services {cpu['chain_' + side][0]:.0f} us,"
                  f" receiver {cpu['chain_' + side][1]:.0f} us;"
                  f" (-c1): {cpu['c1_' + side][0]:.0f} us, receiver {cpu['c1_' + side][1]:.0f} us")
        print(f"  chain / single hop CPU (telemetry off, -c8): "
              f"{cpu['chain_off'][0] / max(cpu['single'][0], 1e-9):.2f}x (the ideal is {hops}x)")
    ratios = [
        ("chain off / ideal (single hop / 4)", rate["chain_off"] / ideal, ">=", 0.8),
        ("throughput on / off", rate["chain_on"] / rate["chain_off"], ">=", 0.90),
        ("p99 at -c1 on / off", p99["c1_on"] / p99["c1_off"], "<=", 1.3),
        ("form submission p50, telemetry on (ms)", p50["frontend_on"], "<=", 1.0),
        ("form submission p50, telemetry off (ms)", p50["frontend_off"], "<=", 1.0),
    ]
    print("ratios (targets of issue #20):")
    for name, value, op, target in ratios:
        met = value >= target if op == ">=" else value <= target
        print(f"  {name:40} {value:6.3f}  target {op} {target}  {'MET' if met else 'NOT MET'}")
    print("per run (req/s):", {k: [round(r[0]) for r in v] for k, v in data.items()})
    print("per run p99 at -c1 (ms):", {k: [round(r[2], 3) for r in data[k]] for k in ("c1_off", "c1_on")})


if __name__ == "__main__":
    main(sys.argv[1])
