# CSV import of jars side by side (README, "CSV import and export"): for each jar given, in turn, starts it on a fresh
# durable embedded store (`run --demo`), has the demo admin upload a semicolon file with German headers (the shape
# bench/CsvBenchmark uploads), follows the job to its end and prints the seconds, rows/s, the server's CPU seconds
# and cores used during the import, and its RSS after; then stops the server. Alternate the jars to compare builds:
#   python3 src/bench/scripts/csv_import_ab.py 100000 target/fieldlead.jar /tmp/before.jar target/fieldlead.jar
import json, sys, time
from benchserver import Server

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
    server = Server(jar)
    try:
        token = server.login("admin@demo.test")
        c0, t0 = server.cpu_seconds(), time.time()
        location = server.request("POST", "/v1/leads/import/csv", body, token, "text/csv")[0]["Location"]
        while True:
            time.sleep(0.5)
            job = json.loads(server.request("GET", location, None, token)[1])
            if job["state"] != "running": break
        took, used = time.time() - t0, server.cpu_seconds() - c0
        print(f"{jar}: ready {server.ready_seconds:.1f} s, import {took:.1f} s ({job['created'] / took:.0f} rows/s, {job['state']}), "
              f"server CPU {used:.0f} s ({used / took:.2f} cores), RSS {server.rss_mb()} MB, WARN/ERROR lines {server.warnings()}", flush=True)
    finally:
        server.stop()

rows = int(sys.argv[1]); body = csv(rows)
for jar in sys.argv[2:]:
    run(jar, body)
