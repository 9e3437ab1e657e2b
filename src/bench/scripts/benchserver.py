# A fieldlead jar started for a benchmark script: `run --demo` on a fresh durable data directory, on a free local
# port, rate limits off; waits until ready, answers requests, stops with SIGTERM and removes its data directory.
import json, os, shutil, signal, socket, subprocess, tempfile, time, urllib.request


class Server:
    def __init__(self, jar):
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        self.data = tempfile.mkdtemp(prefix="bench-")
        self.log = self.data + ".log"
        env = dict(os.environ, FIELDLEAD_DATA_DIR=self.data, FIELDLEAD_HTTP_PORT=str(port), FIELDLEAD_HTTP_HOST="127.0.0.1",
                   FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE="0", FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE="0")
        self.base = f"http://127.0.0.1:{port}"
        started = time.time()
        # the class data archive the build writes beside the jar, as the README's command uses it
        archive = jar[:-4] + ".jsa" if jar.endswith(".jar") else None
        jvm = ["-XX:SharedArchiveFile=" + archive] if archive and os.path.isfile(archive) else []
        self.process = subprocess.Popen(["java", *jvm, "-jar", jar, "run", "--demo"], env=env,
                                        stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        while True:
            try:
                urllib.request.urlopen(self.base + "/health/ready", timeout=2); break
            except Exception:
                time.sleep(0.1)
        self.ready_seconds = time.time() - started

    def request(self, method, path, data=None, token=None, content_type="application/json"):
        """Answers the response's headers and body."""
        h = {"Content-Type": content_type, **({"Authorization": "Bearer " + token} if token else {})}
        with urllib.request.urlopen(urllib.request.Request(self.base + path, data=data, headers=h, method=method), timeout=300) as r:
            return dict(r.headers), r.read()

    def post(self, path, body, token=None):
        return json.loads(self.request("POST", path, json.dumps(body).encode(), token)[1] or b"{}")

    def login(self, email):
        return self.post("/v1/auth/login", {"email": email, "password": "demo-password"})["accessToken"]

    def cpu_seconds(self):
        f = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self):
        return int(open(f"/proc/{self.process.pid}/status").read().split("VmRSS:")[1].split()[0]) // 1024

    def warnings(self):
        return sum(1 for line in open(self.log) if " WARN " in line or " ERROR " in line)

    def stop(self):
        self.process.send_signal(signal.SIGTERM); self.process.wait(120)
        shutil.rmtree(self.data, ignore_errors=True)
