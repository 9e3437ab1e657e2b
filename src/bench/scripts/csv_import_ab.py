# CSV import of jars side by side (README, "CSV import and export"): for each jar given, in turn, starts it on a fresh
# durable embedded store (`run --demo`), has the demo admin upload a semicolon file with German headers (the shape
# bench/CsvBenchmark uploads), follows the job to its end and prints the seconds, rows/s, the server's CPU seconds
# and cores used during the import, and its RSS after; then stops the server. Alternate the jars to compare builds:
#   python3 src/bench/scripts/csv_import_ab.py 100000 target/fieldlead.jar /tmp/before.jar target/fieldlead.jar
import json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

def csv(n):
    first = ["Jürgen", "Zoë", "Amélie", "Lukas", "Marie", "Björn", "Chiara", "Mateo"]
    last = ["Müller", "Weber", "Schneider-Hoffmann", "Krüger", "Kowalski", "Lange"]
    companies = ["Bäckerei Schmidt GmbH", "Contoso AG", "Fabrikam; Söhne KG", "Northwind SE"]
    sizes = ["1-10", "11-50", "51-200", "201-500", "501-1000"]
    titles = ["Einkauf", "Geschäftsführer", "Fuhrparkleiter", "IT-Leiter"]
    out = ["\ufeffVorname;Nachname;E-Mail;Telefon;Firma;Position;Unternehmensgröße;Land;Stadt;Quelle;Kampagne;Schlagworte\r\n"]
    for i in range(n):
        tags = '"vip;messe"' if i % 10 == 0 else "messe"
        out.append(f'{first[i % 8]};{last[i % 6]} {i};kontakt{i}@firma{i % 997}.example;+49 30 {1000000 + i};'
                   f'"{companies[i % 4]} {i % 5000}";{titles[i % 4]};{sizes[i % 5]};DE;Berlin;trade_show;Messe 2026;{tags}\r\n')
    return "".join(out).encode()

def run(jar, body):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    data = tempfile.mkdtemp(prefix="csv-ab-")
    env = dict(os.environ, FIELDLEAD_DATA_DIR=data, FIELDLEAD_HTTP_PORT=str(port), FIELDLEAD_HTTP_HOST="127.0.0.1",
               FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE="0", FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE="0")
    log = open(data + ".log", "w")
    p = subprocess.Popen(["java", "-jar", jar, "run", "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    def req(method, path, data=None, token=None, ctype="application/json"):
        h = {"Content-Type": ctype, **({"Authorization": "Bearer " + token} if token else {})}
        with urllib.request.urlopen(urllib.request.Request(base + path, data=data, headers=h, method=method), timeout=300) as r:
            return dict(r.headers), r.read()
    def cpu():
        f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    try:
        t = time.time()
        while True:
            try:
                req("GET", "/health/ready"); break
            except Exception:
                time.sleep(0.1)
        ready = time.time() - t
        token = json.loads(req("POST", "/v1/auth/login", json.dumps({"email": "admin@demo.test", "password": "demo-password"}).encode())[1])["accessToken"]
        c0, t0 = cpu(), time.time()
        location = req("POST", "/v1/leads/import/csv", body, token, "text/csv")[0]["Location"]
        while True:
            time.sleep(0.5)
            job = json.loads(req("GET", location, None, token)[1])
            if job["state"] != "running": break
        took, used = time.time() - t0, cpu() - c0
        rss = int(open(f"/proc/{p.pid}/status").read().split("VmRSS:")[1].split()[0]) // 1024
        warns = sum(1 for l in open(data + ".log") if " WARN " in l or " ERROR " in l)
        print(f"{jar}: ready {ready:.1f} s, import {took:.1f} s ({job['created'] / took:.0f} rows/s, {job['state']}), "
              f"server CPU {used:.0f} s ({used / took:.2f} cores), RSS {rss} MB, WARN/ERROR lines {warns}", flush=True)
    finally:
        p.send_signal(signal.SIGTERM); p.wait(120)
        shutil.rmtree(data, ignore_errors=True)

rows = int(sys.argv[1]); body = csv(rows)
for jar in sys.argv[2:]:
    run(jar, body)
