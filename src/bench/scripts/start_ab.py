# Start to ready, with and without the class data archive the build writes beside the jar, rounds alternating:
#   python3 src/bench/scripts/start_ab.py target/fieldlead.jar [ROUNDS]
# Each round: `run --demo` on a fresh data directory (the demo seeded), then a restart on it; prints wall time to
# /health/ready, the CPU the JVM spent until then, its RSS then, and the server's own start phases (startMs=...).
import os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request


def start(jvm, jar, data):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    env = dict(os.environ, FIELDLEAD_DATA_DIR=data, FIELDLEAD_HTTP_PORT=str(port), FIELDLEAD_HTTP_HOST="127.0.0.1")
    env.pop("MONGODB_URI", None)
    log = data + ".log"
    started = time.time()
    p = subprocess.Popen(["java", *jvm, "-jar", jar, "run", "--demo"], env=env,
                         stdout=open(log, "a"), stderr=subprocess.STDOUT)
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2); break
        except Exception:
            if p.poll() is not None:
                sys.exit("server exited; see " + log)
            time.sleep(0.05)
    ready = time.time() - started
    f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    rss = int(open(f"/proc/{p.pid}/status").read().split("VmRSS:")[1].split()[0]) // 1024
    p.send_signal(signal.SIGTERM); p.wait(60)
    phases = re.findall(r"startMs=(\d+ \([^)]*\))", open(log).read())[-1]
    return f"{ready:5.2f} s ready, {cpu:5.2f} s CPU, {rss:4d} MB RSS, startMs={phases}"


jar = os.path.abspath(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
archive = jar[:-4] + ".jsa"
if not os.path.isfile(archive):
    sys.exit("no class data archive beside the jar: " + archive)
variants = {"archive": ["-XX:SharedArchiveFile=" + archive], "no archive": []}
for r in range(rounds):
    for name, jvm in (variants.items() if r % 2 == 0 else reversed(list(variants.items()))):
        data = tempfile.mkdtemp(prefix="start-")
        print(f"round {r + 1} {name:10s} fresh   {start(jvm, jar, data)}", flush=True)
        print(f"round {r + 1} {name:10s} restart {start(jvm, jar, data)}", flush=True)
        shutil.rmtree(data, ignore_errors=True); os.remove(data + ".log")
