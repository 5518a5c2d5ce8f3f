# Waits until a systemd service answers UP on its health URL; fails at once when the unit exits
# (systemd restarting it, or giving up). argv: health URL, unit, seconds to wait.
import json, subprocess, sys, time, urllib.request

url, unit, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])


def unit_state():
    out = subprocess.run(["systemctl", "show", unit, "-p", "ActiveState", "-p", "SubState", "-p", "NRestarts",
                          "-p", "ExecMainStatus"], capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


restarts_before = int(unit_state().get("NRestarts", "0") or 0)
deadline = time.monotonic() + seconds
last = "no answer"
while time.monotonic() < deadline:
    state = unit_state()
    if state.get("ActiveState") == "failed" or int(state.get("NRestarts", "0") or 0) > restarts_before \
            or state.get("SubState") == "auto-restart":
        sys.exit(f"{unit} exited at start (status {state.get('ExecMainStatus', '?')}, "
                 f"now {state.get('ActiveState')}/{state.get('SubState')}): it never became healthy")
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            body = json.load(r)
            if body.get("status") == "UP":
                print(f"{unit} is UP")
                sys.exit(0)
            last = f"health is {body.get('status')}"
    except Exception as e:  # not listening yet, or 503 while starting
        last = str(e)
    time.sleep(1)
sys.exit(f"{unit} did not report UP within {seconds:.0f} s ({last})")
