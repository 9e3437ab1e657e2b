# Memory under a capture burst (README, "Deployment and operations", Memory): pushes N captures as rep1 of the
# demo tenant in pushes of 500, then pulls as the manager, sampling the server's RSS every 50 ms.
#   java -Xmx512m -XX:MaxDirectMemorySize=128m -jar target/fieldlead.jar run --demo &
#   python3 src/bench/scripts/memory_burst.py http://127.0.0.1:8080 <server pid> 10000
import json, sys, time, uuid, urllib.request, threading
base = sys.argv[1]; pid = int(sys.argv[2]); n = int(sys.argv[3])
def rss():
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS"): return int(l.split()[1]) // 1024
def post(path, body, token=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(req, timeout=120) as r: return json.loads(r.read() or b"{}"), r.status
tok = post("/v1/auth/login", {"email": "rep1@demo.test", "password": "demo-password"})[0]["accessToken"]
peak = [rss()]; stop = [False]
def sample():
    while not stop[0]:
        peak[0] = max(peak[0], rss()); time.sleep(0.05)
t = threading.Thread(target=sample); t.start()
print("rss before MB", rss())
t0 = time.time(); dev = "d-mem-" + uuid.uuid4().hex[:6]; seq = 0
for b in range(n // 500):
    muts = []
    for i in range(500):
        seq += 1
        muts.append({"clientMutationId": f"{dev}:{seq:06d}", "entityType": "lead", "entityId": str(uuid.uuid4()), "op": "create",
            "changes": {"firstName": "Mem", "lastName": f"Burst {seq}", "company": "Memory GmbH", "email": f"m{seq}-{uuid.uuid4().hex[:6]}@mem.example",
                        "captureMethod": "badge_scan", "tags": ["mem"], "notes": "x" * 600}, "clientTime": "2026-12-07T05:00:00Z"})
    body, st = post("/v1/sync/push", {"protocolVersion": 1, "deviceId": dev, "appVersion": "2.4.0", "mutations": muts}, tok)
    assert st == 200, st
elapsed = time.time() - t0
mtok = post("/v1/auth/login", {"email": "manager@demo.test", "password": "demo-password"})[0]["accessToken"]
t1 = time.time(); cp = None; pulled = 0
while True:
    body = {"protocolVersion": 1, "deviceId": "d-mem-pull", "appVersion": "2.4.0"}
    if cp: body["checkpoint"] = cp
    r, st = post("/v1/sync/pull", body, mtok); assert st == 200, st
    pulled += len(r.get("changes", [])); cp = r["checkpoint"]
    if not r.get("hasMore"): break
print("full pull of", pulled, "changes, seconds", round(time.time() - t1, 1))
stop[0] = True; t.join()
print("captures", n, "seconds", round(elapsed, 1), "peak rss MB", peak[0], "rss right after MB", rss())
time.sleep(25)
print("rss 25 s later MB", rss())
