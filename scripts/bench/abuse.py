#!/usr/bin/env python3
"""The relay under abuse: replays the attacks of issue 14 against the real binary and prints
peak RSS per attack (alone, ten copies in parallel, all together), the growth of /metrics under
invented methods, and GET /health latency under the heaviest stream the relay accepts, with
the async runtime limited to one worker thread.

    python3 scripts/bench/abuse.py [path/to/reefer] [--alone-only]   # default target/release/reefer

--latency-only measures only /metrics and /health. --alone-only runs each attack once, alone (for a build without the limits, whose ten-copy runs
would take tens of GiB).

Each attack runs against a fresh relay on 127.0.0.1 (embedded broker, no token: the open case,
the worst one); its peak is the process's VmHWM. Standard library only.
"""
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
ALONE_ONLY = "--alone-only" in sys.argv
# Only the /metrics growth and the /health latency (skips the memory attacks).
LATENCY_ONLY = "--latency-only" in sys.argv
BINARY = ARGS[0] if ARGS else "target/release/reefer"


class Relay:
    def __init__(self, env=None, args=()):
        environment = dict(os.environ, RUST_LOG="warn")
        for name in ("KAFKA_BROKERS", "REEFER_API_TOKEN"):
            environment.pop(name, None)
        environment.update(env or {})
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--port", "0", "--dist", "/nonexistent", *args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://([\d.]+):(\d+)", line)
        if not match:
            raise SystemExit(f"the relay did not start: {line!r}")
        self.host, self.port = match.group(1), int(match.group(2))

    def status(self, field):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
        return 0.0

    def peak_mib(self):
        return self.status("VmHWM")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def request(relay, method, path, body=None, headers=None, timeout=60):
    """The status of one request, or the exception's name when the relay cut it short."""
    try:
        conn = http.client.HTTPConnection(relay.host, relay.port, timeout=timeout)
        hdrs = {"content-type": "application/json"}
        hdrs.update(headers or {})
        conn.request(method, path, body=body, headers=hdrs)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data
    except (OSError, http.client.HTTPException) as e:
        return type(e).__name__, b""


def parallel(n, work):
    results, lock = [], threading.Lock()

    def run(i):
        out = work(i)
        with lock:
            results.append(out)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


FLEET = json.dumps({"containers": 100000, "simulation": "normal", "rate": 1000, "nb_of_records": 1})
SIMULATION_LIST = json.dumps({"containers": 10, "rate": 1,
                              "simulation": ["normal"] * 1_500_000})
NESTED = b'{"x":[' + b"[]," * 5_000_000 + b"[]]}"  # 15 MB


def fleets(relay):
    return [request(relay, "POST", "/control", FLEET)[0] for _ in range(40)]


def simulation_lists(relay):
    return [request(relay, "POST", "/control", SIMULATION_LIST)[0] for _ in range(3)]


def nested_control(relay):
    return parallel(4, lambda i: request(relay, "POST", "/control", NESTED)[0])


def nested_batches(relay):
    return parallel(4, lambda i: request(relay, "POST", "/api/batches", NESTED)[0])


def big_batches(relay):
    body = json.dumps({"containerID": "C01", "simulation": "co2sensor", "nb_of_records": 100000})
    return parallel(4, lambda i: request(relay, "POST", "/control", body)[0])


def invented_methods(relay):
    return [request(relay, f"INVENTED{i}", "/control")[0] for i in range(300)]


def slowloris(relay):
    sockets = []
    for _ in range(300):
        try:
            s = socket.create_connection((relay.host, relay.port), timeout=1)
            s.sendall(b"POST /control HTTP/1.1\r\nHost: x\r\n")
            sockets.append(s)
        except OSError:
            break
    time.sleep(2)
    alive = request(relay, "GET", "/health", timeout=30)[0]
    for s in sockets:
        s.close()
    return [alive]


def heavy_stream(relay):
    body = json.dumps({"containers": 100000, "simulation": "mixed", "rate": 100000,
                       "duration_seconds": 10})
    out = [request(relay, "POST", "/control", body)[0]]
    time.sleep(11)
    return out


ATTACKS = [
    ("40 × /control fleets of 100 000 containers", fleets),
    ("3 × /control with a 1.5 M-entry simulation list (13.5 MB)", simulation_lists),
    ("4 × 15 MB nested body to /control", nested_control),
    ("4 × 15 MB nested body to /api/batches", nested_batches),
    ("4 × /control batch of 100 000 records", big_batches),
    ("300 invented HTTP methods", invented_methods),
    ("300 slow-header connections (and a /health)", slowloris),
    ("a 100 000-container stream at 100 000/s for 10 s", heavy_stream),
]


def counts(statuses):
    tally = {}
    for s in statuses:
        tally[s] = tally.get(s, 0) + 1
    return ", ".join(f"{k}×{v}" for k, v in sorted(tally.items(), key=lambda kv: str(kv[0])))


def health_latency(env, batches):
    """GET /health latencies (ms) on one kept-alive connection while the heaviest stream runs
    (and, with `batches`, 100 000-record /control batches are posted back to back)."""
    relay = Relay(env=env)
    stop = threading.Event()

    def post_batches():
        body = json.dumps({"containerID": "C01", "simulation": "co2sensor", "nb_of_records": 100000})
        while not stop.is_set():
            request(relay, "POST", "/control", body)

    try:
        body = json.dumps({"containers": 100000, "simulation": "mixed", "rate": 100000,
                           "duration_seconds": 30})
        started, _ = request(relay, "POST", "/control", body)
        loader = threading.Thread(target=post_batches)
        if batches:
            loader.start()
        time.sleep(2)
        conn = http.client.HTTPConnection(relay.host, relay.port, timeout=10)
        samples = []
        until = time.monotonic() + 20
        while time.monotonic() < until:
            t = time.perf_counter()
            conn.request("GET", "/health")
            conn.getresponse().read()
            samples.append((time.perf_counter() - t) * 1000)
            time.sleep(0.005)
        conn.close()
        stop.set()
        if batches:
            loader.join()
        _, jobs = request(relay, "GET", "/control/jobs?limit=1000")
        stream = [j for j in json.loads(jobs) if j.get("kind") == "stream"]
        achieved = stream[0].get("achieved_rate", 0) if stream else 0
        return started, samples, achieved
    finally:
        relay.stop()


def pct(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main():
    print(f"binary: {BINARY}; machine: {os.cpu_count()} cores")
    print()
    print("| attack | answers (alone) | peak RSS alone | peak RSS, 10 copies in parallel |")
    print("|---|---|---:|---:|")
    for name, attack in [] if LATENCY_ONLY else ATTACKS:
        relay = Relay()
        try:
            statuses = attack(relay)
            alone = relay.peak_mib()
        finally:
            relay.stop()
        ten = "not run"
        if not ALONE_ONLY:
            relay = Relay()
            try:
                parallel(10, lambda i: attack(relay))
                ten = f"{relay.peak_mib():.0f} MiB"
            finally:
                relay.stop()
        print(f"| {name} | {counts(statuses)} | {alone:.0f} MiB | {ten} |", flush=True)
    if not LATENCY_ONLY:
        relay = Relay()
        try:
            parallel(len(ATTACKS), lambda i: ATTACKS[i][1](relay))
            together = relay.peak_mib()
        finally:
            relay.stop()
        print(f"| all of the above at once | | {together:.0f} MiB | |")
    print()
    relay = Relay()
    try:
        metrics_before = len(request(relay, "GET", "/metrics")[1])
        invented_methods(relay)
        metrics_after = len(request(relay, "GET", "/metrics")[1])
    finally:
        relay.stop()
    print(f"/metrics on a fresh relay: {metrics_before} B, then {metrics_after} B after 300 "
          "invented methods")
    print()
    print("| runtime | load | stream answer | stream rate achieved | /health p50 | p99 | max | samples |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for label, env in (("1 worker thread", {"TOKIO_WORKER_THREADS": "1"}), ("default (2 workers)", {})):
        for load, batches in (("the stream", False), ("the stream + 100 000-record batches", True)):
            started, samples, achieved = health_latency(env, batches)
            print(f"| {label} | {load} | {started} | {achieved:.0f}/s | "
                  f"{statistics.median(samples):.2f} ms | {pct(samples, 0.99):.2f} ms | "
                  f"{max(samples):.2f} ms | {len(samples)} |", flush=True)


if __name__ == "__main__":
    main()
