"""Lesson videos in byte ranges under concurrent clients, vs the same file as a static file.

`make bench` runs it. It makes a scratch database beside the one in --pg-url, generates a
video with ffmpeg (nothing is downloaded), stores it as a published lesson's video and puts the
very same file among the static files, serves the platform the production way (`qualitymonth
serve`: gunicorn, several worker processes; static files by WhiteNoise) and, in each round:

1. floor: the clients GET the static copy (/static/…) with Range requests, as a phone's
   player does when it streams and seeks;
2. video: the same clients GET the lesson's video view (/training/lessons/<pk>/video) with
   the same ranges.

Each figure is the video view's throughput over the floor's in the same round (the order of
the two alternates from round to round), printed as the median over the rounds with its
spread (lowest–highest); the goal is ≥ 0.5×. The figures are written to var/bench/video.json.
Exits non-zero when a reply is not the 206 with the bytes asked for; prints "skipped" when
PostgreSQL cannot be reached or ffmpeg is not installed.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench_video"
OUTPUT = ROOT / "var" / "bench" / "video.json"
REQUEST_TIMEOUT = 120
GOAL = 0.5
STATIC_NAME = "bench/lesson.mp4"


# --- The video --------------------------------------------------------------------------------


def make_video(path: Path, seconds: int) -> None:
    """An H.264 test pattern (about 2 MB a second)."""
    source = ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-t", str(seconds)]
    encoding = ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", "16M", "-pix_fmt", "yuv420p"]
    subprocess.run(
        ["ffmpeg", "-v", "error", *source, *encoding, "-movflags", "+faststart", "-y", str(path)],
        check=True,
        timeout=600,
    )


def prepare_database(video: Path) -> int:
    """Migrate; a published course with one video lesson holding `video`; its pk."""
    from django.core.files import File
    from django.core.management import call_command

    from qualitymonth.training.models import Course, Lesson, LessonKind

    call_command("migrate", verbosity=0)
    course = Course.objects.create(
        key="bench", title="质量基础 · bench", strand="basics", level="introductory"
    )
    lesson = Lesson(course=course, position=1, title="视频课", kind=LessonKind.VIDEO)
    with video.open("rb") as handle:
        lesson.video.save("lesson.mp4", File(handle), save=False)
    lesson.video_type = "video/mp4"
    lesson.save()
    return lesson.pk


# --- HTTP: one connection per request, a Range header each ------------------------------------


@dataclass
class Burst:
    wall: float
    requests: int
    problems: list[str]
    bytes: int

    @property
    def rate(self) -> float:
        return self.requests / self.wall


async def _get_range(port: int, path: str, first: int, last: int) -> tuple[int, bytes]:
    head = [
        f"GET {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Range: bytes={first}-{last}",
        "Connection: close",
    ]
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), REQUEST_TIMEOUT)
        writer.close()
    except (OSError, TimeoutError):
        return 0, b""
    header, _, body = raw.partition(b"\r\n\r\n")
    if b"transfer-encoding: chunked" in header.lower():
        from run import _dechunk

        body = _dechunk(body)
    try:
        return int(header.split(b" ", 2)[1]), body
    except (IndexError, ValueError):
        return 0, b""


def burst(port: int, path: str, ranges: list[list[tuple[int, int]]], content: bytes) -> Burst:
    """One client per list of ranges, all at once, each asking its ranges one after another;
    every reply is checked against the file's bytes."""

    async def client(asked: list[tuple[int, int]], problems: list[str], sizes: list[int]):
        for first, last in asked:
            status, body = await _get_range(port, path, first, last)
            if status != 206 or body != content[first : last + 1]:
                problems.append(f"{path} bytes={first}-{last}: HTTP {status}, {len(body)} bytes")
            sizes.append(len(body))

    async def run():
        problems: list[str] = []
        sizes: list[int] = []
        started = time.perf_counter()
        await asyncio.gather(*(client(asked, problems, sizes) for asked in ranges))
        wall = time.perf_counter() - started
        return Burst(wall, sum(len(asked) for asked in ranges), problems, sum(sizes))

    return asyncio.run(run())


def plan(size: int, clients: int, each: int, span: int, seed: int) -> list[list[tuple[int, int]]]:
    """Each client streams from a random point in `span`-byte ranges, as a player that was
    just sought to there; the same plan is asked of the floor and of the video view."""
    pick = random.Random(seed)
    ranges = []
    for _ in range(clients):
        at = pick.randrange(0, max(size - span * each, 1))
        ranges.append([(at + i * span, min(at + (i + 1) * span, size) - 1) for i in range(each)])
    return ranges


def measure(port, video_path, static_path, ranges, content, floor_first) -> tuple:
    order = [(static_path, "floor"), (video_path, "video")]
    bursts = {}
    for path, kind in order if floor_first else reversed(order):
        bursts[kind] = burst(port, path, ranges, content)
        if bursts[kind].problems:
            raise RuntimeError(f"{kind}: {bursts[kind].problems[0]}")
    return bursts["video"].rate / bursts["floor"].rate, bursts["video"], bursts["floor"]


def report(ratios: list[float], span: int) -> list[dict]:
    median = statistics.median(ratios)
    mark = "" if median >= GOAL else "   below the goal"
    name = f"lesson video, {span // 1024} KB ranges: requests/s"
    print(f"\nmedian of {len(ratios)} rounds; ratio = video view / static file (goal ≥ {GOAL}×)")
    print(f"{name:<44}{median:>7.2f}×   ({min(ratios):.2f}–{max(ratios):.2f}){mark}")
    return [
        {
            "name": name,
            "ratio": round(median, 3),
            "spread": round(max(ratios) - min(ratios), 3),
            "unit": "throughput",
            "goal": f"≥ {GOAL:g}×",
        }
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test"),
        help=f"a PostgreSQL server to use; the bench makes its own database {BENCH_DB} there",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, default=20, help="clients at once")
    parser.add_argument("--requests", type=int, default=10, help="ranges per client per burst")
    parser.add_argument("--span", type=int, default=1024 * 1024, help="bytes per range")
    parser.add_argument("--seconds", type=int, default=30, help="length of the video")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds (after a warm-up)")
    parser.add_argument(
        "--quick", action="store_true", help="a check rather than figures: 2 short rounds"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds = min(args.rounds, 2), min(args.seconds, 8)
        args.clients, args.requests = min(args.clients, 8), min(args.requests, 4)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if shutil.which("ffmpeg") is None:
        print("ffmpeg not installed: bench skipped")
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import free_port, shut_down, start_server, wait_until_up
    from scratch import prepare

    workdir = prepare(args.pg_url, BENCH_DB)
    if workdir is None:
        return 0
    sys.path.insert(0, str(ROOT))
    static = Path(workdir.name) / "static" / STATIC_NAME
    static.parent.mkdir(parents=True)
    server, failed = None, False
    log = open(Path(workdir.name) / "server.log", "w+")  # noqa: SIM115 (closed in finally)
    try:
        import django

        django.setup()
        make_video(static, args.seconds)
        content = static.read_bytes()
        pk = prepare_database(static)
        port = free_port()
        # WhiteNoise lists the static files when a worker starts: the copy is there before.
        server = start_server(port, args.workers, log)
        wait_until_up(server, port)
        print(
            f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}"
        )
        print(
            f"server: qualitymonth serve, {args.workers} gunicorn workers; a {args.seconds} s "
            f"video of {len(content) / 1024 / 1024:.1f} MB; {args.clients} clients × "
            f"{args.requests} ranges of {args.span // 1024} KB a burst"
        )
        video_path = f"/training/lessons/{pk}/video"
        static_path = f"/static/{STATIC_NAME}"
        ratios = []
        for number in range(args.rounds + 1):
            label = "warm-up" if number == 0 else f"round {number}"
            ranges = plan(len(content), args.clients, args.requests, args.span, seed=number)
            ratio, video, floor = measure(
                port, video_path, static_path, ranges, content, floor_first=number % 2 == 0
            )
            print(
                f"{label:<8} video {video.rate:7.0f}/s  static {floor.rate:7.0f}/s  "
                f"({video.bytes / video.wall / 1024 / 1024:.0f} vs "
                f"{floor.bytes / floor.wall / 1024 / 1024:.0f} MB/s)  {ratio:.2f}×",
                flush=True,
            )
            if number:
                ratios.append(ratio)
        results = report(ratios, args.span)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"written to {args.output}")
    except Exception:
        failed = True
        raise
    finally:
        shut_down(server, log, workdir, args.pg_url, BENCH_DB, failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
