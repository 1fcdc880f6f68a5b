"""Log append cost: records per second with fsync on and off, and what the hash chain adds."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.util import line

EVENT = {"type": "note-added", "turn": 3, "phase": "outcome", "kind": "hotwash",
         "text": "The ROK delegation asked how the response table weighs its China exposure."}


def run() -> None:
    from wargame.log.chain import encode
    from wargame.log.writer import LogWriter

    with tempfile.TemporaryDirectory() as d:
        for fsync, n in ((True, 100), (False, 20000)):
            # Interleaved rounds, best of each: with fsync on, the disk's mood changes from second to
            # second (reruns spread 6x), so only the ratio to plain lines written alongside means much.
            chained, plain = float("inf"), float("inf")
            for r in range(5 if fsync else 3):
                w = LogWriter.create(Path(d) / f"l{fsync}{r}.jsonl", fsync=fsync)
                t = time.perf_counter()
                for _ in range(n):
                    w.append([EVENT])
                chained = min(chained, time.perf_counter() - t)
                w.close()
                # Baseline: the same lines written as plain JSON (no chain), with the same fsync policy.
                fd = os.open(Path(d) / f"p{fsync}{r}.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
                t = time.perf_counter()
                for i in range(n):
                    os.write(fd, (json.dumps({"seq": i, "ts": "2026-01-01T00:00:00.000Z", **EVENT}) + "\n").encode())
                    if fsync:
                        os.fsync(fd)
                plain = min(plain, time.perf_counter() - t)
                os.close(fd)
            if fsync:
                ratio = plain / chained
                print(f"log.append (fsync on): {ratio:.2f}x the rate of plain JSON lines with the same fsync "
                      f"(absolute rates measure the disk, not the program)", flush=True)
            else:
                line("log.append (fsync off)", n / chained, "records/s", plain / chained,
                     "plain JSON lines, same fsync")
        n = 50000
        t = time.perf_counter()
        prev = "0" * 64
        for i in range(n):
            _, prev = encode(i, "2026-01-01T00:00:00.000Z", EVENT, prev)
        chain = time.perf_counter() - t
        t = time.perf_counter()
        for i in range(n):
            json.dumps({"seq": i, "ts": "2026-01-01T00:00:00.000Z", **EVENT}, separators=(",", ":"))
        plain = time.perf_counter() - t
        line("log.chain_encode", chain / n * 1e6, "us per record", chain / plain, "json.dumps alone")
