# Sync push of jars one after another, warm (README, "Sync behind ports, one write path, layer packages (issue 19)"):
# for each jar given, in turn, starts it on a fresh durable embedded store (`run --demo`), registers a phone as rep1,
# pushes 1,500 captures at the demo event and 100 single captures to warm it, then times 16 pushes of 500 captures
# and 100 single-capture pushes and counts the store commands they sent (the driver's metrics at /metrics) and the
# server's CPU time they took (which, unlike the rates, holds still when other work shares the machine).
#   python3 src/bench/scripts/push_ab.py target/fieldlead.jar /tmp/before.jar target/fieldlead.jar /tmp/before.jar
import collections, re, sys, time, uuid
from benchserver import Server

COMMANDS = re.compile(r'^mongodb_driver_commands_seconds_count\{.*?collection="([^"]*)",command="([^"]*)".*?\} ([0-9.Ee+-]+)$')

def run(jar):
    server = Server(jar)
    def commands():
        c = collections.Counter()
        for line in server.request("GET", "/metrics")[1].decode().split("\n"):
            m = COMMANDS.match(line)
            if m: c[m.group(1) + "." + m.group(2)] += float(m.group(3))
        return sum(c.values())
    try:
        token = server.login("rep1@demo.test")
        device = str(uuid.uuid4())
        server.post("/v1/devices", {"id": device, "platform": "android", "appVersion": "2.4.0", "syncProtocolVersion": 1}, token)
        seq = [0]
        def push(n):
            mutations = []
            for _ in range(n):
                seq[0] += 1
                mutations.append({"clientMutationId": f"{device}:{seq[0]:06d}", "entityType": "lead", "entityId": str(uuid.uuid4()), "op": "create",
                    "changes": {"firstName": "Ab", "lastName": f"Push {seq[0]}", "company": "Bench GmbH", "email": f"ab{seq[0]}-{uuid.uuid4().hex[:6]}@ab.example",
                                "eventId": "demo-expo", "captureMethod": "badge_scan", "tags": ["ab"], "customFields": {"note": "x" * 900},
                                "capturedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 120))}})
            results = server.post("/v1/sync/push", {"protocolVersion": 1, "deviceId": device, "mutations": mutations}, token)["results"]
            assert all(r["result"] == "applied" for r in results), results[:1]
        for _ in range(3): push(500)
        for _ in range(100): push(1)
        time.sleep(3)
        c0, t0, u0 = commands(), time.time(), server.cpu_seconds()
        for _ in range(16): push(500)
        bulk, c1, u1 = 8000 / (time.time() - t0), commands(), server.cpu_seconds()
        t0 = time.time()
        for _ in range(100): push(1)
        single, c2, u2 = 100 / (time.time() - t0), commands(), server.cpu_seconds()
        print(f"{jar}: pushes of 500 {bulk:.0f} leads/s ({(c1 - c0) / 8000:.2f} store commands and "
              f"{1000 * (u1 - u0) / 8000:.2f} ms of server CPU per capture); single-capture pushes {single:.1f}/s "
              f"({(c2 - c1) / 100:.1f} store commands and {1000 * (u2 - u1) / 100:.1f} ms of server CPU per push)", flush=True)
    finally:
        server.stop()

for jar in sys.argv[1:]:
    run(jar)
