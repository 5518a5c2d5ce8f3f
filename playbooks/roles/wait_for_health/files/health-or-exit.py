# Waits until a service answers UP on its health URL, and fails at once when its process is gone: a systemd
# unit that exits at start (systemd restarting it, or giving up), or on a simulated host the pid in its
# pidfile. One process polls four times a second: an Ansible retry loop costs a module run (about 0.3 s of
# CPU) per poll, taken from the JVM that is starting, and answers up to a second late.
# argv: health URL, the unit (name.service) or the pidfile (an absolute path), seconds to wait.
import json, subprocess, sys, time, urllib.request

url, watched, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
POLL = 0.25


def unit_state():
    out = subprocess.run(["systemctl", "show", watched, "-p", "ActiveState", "-p", "SubState", "-p", "NRestarts",
                          "-p", "ExecMainStatus"], capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def unit_gone(restarts_before):
    state = unit_state()
    if state.get("ActiveState") == "failed" or int(state.get("NRestarts", "0") or 0) > restarts_before \
            or state.get("SubState") == "auto-restart":
        return (f"{watched} exited at start (status {state.get('ExecMainStatus', '?')}, "
                f"now {state.get('ActiveState')}/{state.get('SubState')}): it never became healthy")
    return None


def read_pid():
    try:
        with open(watched) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def process_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            alive = f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        alive = False
    return None if alive else f"its process ({pid}, {watched}) exited at start: it never became healthy"


if watched.startswith("/"):
    pid = read_pid()
    if pid is None:
        sys.exit(f"no pid in {watched}: the service was not started")
    gone = lambda: process_gone(pid)
else:
    restarts = int(unit_state().get("NRestarts", "0") or 0)
    gone = lambda: unit_gone(restarts)

deadline = time.monotonic() + seconds
last = "no answer"
while time.monotonic() < deadline:
    why = gone()
    if why:
        sys.exit(why)
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            body = json.load(r)
            if body.get("status") == "UP":
                print(f"{watched} is UP")
                sys.exit(0)
            last = f"health is {body.get('status')}"
    except Exception as e:  # not listening yet, or 503 while starting
        last = str(e)
    time.sleep(POLL)
sys.exit(f"{watched} did not report UP within {seconds:.0f} s ({last})")
