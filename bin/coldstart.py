#!/usr/bin/env python3
"""bin/bench coldstart: start-up time and peak memory of the packaged ScanFunction in fresh JVMs (see bin/bench).

Each run is `java -jar target/subscription-sentinel.jar invoke ScanFunction --event FILE` on one core
(taskset -c 0, -XX:ActiveProcessorCount=1, like a 1024 MB Lambda's share of a vCPU or less), measured with
/usr/bin/time: wall seconds and maximum resident set size. Lambda's own cold start adds its sandbox set-up and
downloads the code, which no local run can measure; the JVM start-up, class loading, wiring and first requests
are what this measures.
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROUNDS = int(os.environ.get("ROUNDS", "5"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("moto_server exited")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("moto_server did not start")


def run(env, event):
    cmd = ["/usr/bin/time", "-f", "TIME %e %M", "taskset", "-c", "0", "java", "-XX:ActiveProcessorCount=1",
           "-jar", "target/subscription-sentinel.jar", "invoke", "ScanFunction", "--event", event]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("invoke failed:\n" + proc.stdout + proc.stderr)
    line = [l for l in proc.stderr.splitlines() if l.startswith("TIME ")][-1]
    _, wall, rss_kb = line.split()
    response = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(wall), int(rss_kb) / 1024, response


def main():
    classpath = sys.argv[1]
    port = free_port()
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    harness = None
    try:
        endpoint = f"http://127.0.0.1:{port}"
        wait_for(endpoint + "/moto-api/", moto)
        harness = subprocess.Popen(["java", "-cp", classpath, "dev.subsentinel.bench.EmulatorHarness", endpoint],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                   env=dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                                            AWS_REGION="us-east-1"))
        ready = ""
        while not ready.startswith("READY"):
            ready = harness.stdout.readline()
            if not ready:
                sys.exit("the emulator harness failed")
        _, front, table, topic = ready.split()
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1",
                   AWS_ENDPOINT_URL=front, SENTINEL_STATE_TABLE=table, SENTINEL_TOPIC_ARN=topic,
                   SENTINEL_MIN_AGENT_VERSION="3.3.40.0")
        rows = []
        for label, event in [("ignored event (start-up and wiring)", "events/ssm-compliance-state-change.json"),
                             ("scheduled scan, 13 instances", "events/scheduled-scan.json")]:
            walls, rss, scan_ms, calls = [], [], [], []
            for _ in range(ROUNDS):
                wall, mem, response = run(env, event)
                walls.append(wall)
                rss.append(mem)
                if "durationMs" in response:
                    scan_ms.append(response["durationMs"])
                    calls.append(response["awsApiCalls"])
            rows.append((label, walls, rss, scan_ms, calls))
        print(f"{ROUNDS} fresh JVMs each, java -jar on one core; java {java_version()}")
        print()
        print("| run | wall s (median) | wall s (min-max) | peak RSS MB (median) | scan ms in the handler (median) |"
              " AWS API calls |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, walls, rss, scan_ms, calls in rows:
            scan = f"{statistics.median(scan_ms):.0f}" if scan_ms else "-"
            api = f"{min(calls)}-{max(calls)}" if calls else "-"
            print(f"| {label} | {statistics.median(walls):.2f} | {min(walls):.2f}-{max(walls):.2f} |"
                  f" {statistics.median(rss):.0f} | {scan} | {api} |")
    finally:
        if harness is not None:
            harness.stdin.close()
            harness.wait(timeout=30)
        moto.terminate()
        moto.wait()


def java_version():
    out = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return out[0] if out else "?"


if __name__ == "__main__":
    main()
