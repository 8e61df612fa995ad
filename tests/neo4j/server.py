"""Start the Neo4j Community of tests/neo4j (Launcher.java) and stop it.

`make` resolves the classpath from Maven's cache into build/classpath.txt and
compiles build/classes/Launcher.class; this module only runs them. The JVM
reads its standard input from a pipe held by this process, so it shuts down
when this process exits, however it exits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILD = HERE / "build"
CLASSPATH_FILE = BUILD / "classpath.txt"
CLASSES = BUILD / "classes"
READY = "NEO4J READY "

# The JVM flags of the stock neo4j.conf of 5.26 that matter to an embedded server.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class Neo4jUnavailable(RuntimeError):
    """Neo4j cannot be started here; the message says why in one line."""


@dataclass(frozen=True)
class Sizing:
    """Memory of one server. The defaults suit the test tier on a small shared machine."""

    heap_mib: int = 1024
    page_cache_mib: int = 128
    transaction_memory_mib: int = 512


def missing_tools() -> str | None:
    """Why the tier cannot run here, or None when Java and the built launcher are present."""
    if shutil.which("java") is None:
        return "java not found (install OpenJDK 17 and Maven)"
    if not CLASSPATH_FILE.is_file() or not (CLASSES / "Launcher.class").is_file():
        if shutil.which("mvn") is None or shutil.which("javac") is None:
            return "mvn or javac not found (install OpenJDK 17 and Maven)"
        return f"launcher not built: run `make {(CLASSES / 'Launcher.class').relative_to(HERE.parents[1])}`"
    return None


class Neo4jServer:
    """One Neo4j process. Without ``data_dir`` its data is throwaway: a temporary
    folder that the server itself removes when it stops, however its parent ends."""

    def __init__(
        self, sizing: Sizing | None = None, *, data_dir: Path | None = None, start_timeout_s: float = 180.0
    ) -> None:
        self.sizing = sizing or Sizing()
        self.data_dir = data_dir
        self.start_timeout_s = start_timeout_s
        self.uri = ""
        self._dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        reason = missing_tools()
        if reason:
            raise Neo4jUnavailable(reason)
        if self.data_dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="rg-neo4j-"))
            home, keep = self._dir, []
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            home, keep = self.data_dir, ["--keep-data"]
        output = home / "launcher.log"
        classpath = f"{CLASSES}{os.pathsep}{CLASSPATH_FILE.read_text().strip()}"
        command = [
            "java",
            f"-Xms{min(self.sizing.heap_mib, 512)}m",
            f"-Xmx{self.sizing.heap_mib}m",
            *JVM_FLAGS,
            "-cp",
            classpath,
            "Launcher",
            str(home),
            str(self.sizing.page_cache_mib),
            str(self.sizing.transaction_memory_mib),
            *keep,
        ]
        with output.open("wb") as log:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=log)
        self.uri = self._wait_ready(output)
        return self.uri

    def _wait_ready(self, output: Path) -> str:
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            for line in output.read_text(errors="replace").splitlines():
                if line.startswith(READY):
                    return line[len(READY) :].strip()
            if self._process.poll() is not None:
                break
            time.sleep(0.1)
        tail = output.read_text(errors="replace")[-2000:]
        self.stop()
        raise Neo4jUnavailable(f"Neo4j did not start: {tail.strip() or 'no output'}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None
            process.stdin.close()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
