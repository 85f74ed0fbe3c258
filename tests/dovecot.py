"""A throw-away Dovecot IMAP server on 127.0.0.1 for the inbox tests: config, user and Maildir in one folder."""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
USER = "dinas"
PASSWORD = "rahasia-uji"

# Dovecot 2.3 and 2.4 name the same things differently; {placeholders} are filled in by `write_config`.
CONFIG_23 = """\
protocols = imap
listen = 127.0.0.1
base_dir = {base}
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
login_trusted_networks = 127.0.0.0/8
default_login_user = {login_user}
default_internal_user = {user}
default_internal_group = {group}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{base}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
service imap-login {{
  chroot =
  user = {login_user}
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
"""

CONFIG_24 = """\
dovecot_config_version = {version}
dovecot_storage_version = {version}
protocols = imap
listen = 127.0.0.1
base_dir = {base}
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
auth_allow_cleartext = yes
auth_mechanisms = plain login
login_trusted_networks = 127.0.0.0/8
default_login_user = {login_user}
default_internal_user = {user}
default_internal_group = {group}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_driver = maildir
mail_path = {base}/mail/%{{user}}
passdb passwd-file {{
  passwd_file_path = {base}/passwd
}}
userdb static {{
  fields {{
    uid = {uid}
    gid = {gid}
    home = {base}/home/%{{user}}
  }}
}}
service imap-login {{
  chroot =
  user = {login_user}
  inet_listener imap {{
    listen = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str
    maildir: Path
    log: Path

    def deliver(self, data: bytes, name: str) -> Path:
        """Drop a message into the user's Maildir new/ folder: Dovecot sees it as unseen."""
        target = self.maildir / "new" / f"{int(time.time())}.{name}.lkip-test"
        target.write_bytes(data)
        target.chmod(0o644)
        return target


def binary() -> str | None:
    """The dovecot program; /usr/sbin is searched too, as it is often not on an ordinary user's PATH."""
    return shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")


def version() -> str:
    output = subprocess.run([binary() or DOVECOT, "--version"], capture_output=True, text=True, timeout=10).stdout
    match = re.match(r"(\d+\.\d+(?:\.\d+)?)", output.strip())
    return match.group(1) if match else "2.3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _service_users() -> tuple[str, str, str]:
    """(login user, internal user, internal group): the current user, or Dovecot's own when running as root
    (its login process refuses to run as root)."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.getuid()).pw_name, pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
    return "dovenull", "dovecot", "dovecot"


def _mail_owner() -> tuple[int, int]:
    """Dovecot refuses uid 0 for mail: as root, the mail belongs to Dovecot's own user."""
    if os.geteuid() != 0:
        return os.getuid(), os.getgid()
    return pwd.getpwnam("dovecot").pw_uid, grp.getgrnam("dovecot").gr_gid


def write_config(root: Path, base: Path, port: int) -> Path:
    uid, gid = _mail_owner()
    login_user, internal_user, internal_group = _service_users()
    values = {"root": root, "base": base, "port": port, "uid": uid, "gid": gid, "login_user": login_user,
              "user": internal_user, "group": internal_group}
    found = version()
    template = CONFIG_23 if found.startswith("2.3") else CONFIG_24
    config = root / "dovecot.conf"
    config.write_text(template.format(version=".".join(found.split(".")[:2]) + ".0", **values), encoding="utf-8")
    (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    (root / "state").mkdir(exist_ok=True)
    for folder in ("home", "mail", f"home/{USER}", f"mail/{USER}", f"mail/{USER}/new", f"mail/{USER}/cur",
                   f"mail/{USER}/tmp"):
        (base / folder).mkdir(exist_ok=True)
        os.chown(base / folder, uid, gid)
    return config


def _wait_for_greeting(port: int, process: subprocess.Popen, log: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited with {process.returncode}: {_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                if connection.recv(200).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"dovecot did not answer on port {port}: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"


@contextmanager
def running(root: Path) -> Iterator[Server]:
    """Start `dovecot -F -c CONFIG` as the current user; stop it (terminate, then kill) on the way out."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # base_dir (sockets), the passwd file and the Maildir live in a short path (sockets have a length limit)
    # that Dovecot's own users can reach when the tests run as root; config, state and log stay in `root`
    base = Path(tempfile.mkdtemp(prefix="lkip-dovecot-"))
    base.chmod(0o755)
    log = root / "dovecot.log"
    process: subprocess.Popen | None = None
    try:
        config = write_config(root, base, port)
        with log.with_suffix(".stderr").open("wb") as stderr:
            process = subprocess.Popen([binary() or DOVECOT, "-F", "-c", str(config)],
                                       stdout=subprocess.DEVNULL, stderr=stderr)
        _wait_for_greeting(port, process, log)
        yield Server("127.0.0.1", port, USER, PASSWORD, base / "mail" / USER, log)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        shutil.rmtree(base, ignore_errors=True)
