#!/usr/bin/env python3
"""Doc tests: every command block of README.md and docs/*.md runs as written.

A command block is a fenced block whose info string is empty or a shell
(sh, bash, shell, console). Each needs a marker, an HTML comment right
before its fence (blank lines may separate them), that says how to run it
or why it is illustrative. The format is documented in docs/contributing.md
("Doc tests"); in short:

    <!-- doctest: illustrative: needs a configured kernel build tree -->

    <!-- doctest: run
    needs kernel
    link rust = $KSRC/rust
    setup bindfuzz check ... --report-dir work/reports/x
    replace crash-<sha1> => $(ls crash-* | head -1)
    skip 2: rewrites the inputs every other test reads
    expect 1 exit 1
    expect 1 has error[record-size]
    -->

Usage:
    doctest.py list REPO                  block ids, one per line (FILE:LINE)
    doctest.py labels REPO                FILE:LINE LABEL per block: docs, or doc-slow for
                                          blocks marked `slow: REASON` (minutes each)
    doctest.py check REPO                 every marker parses and fits its block
    doctest.py run REPO FILE:LINE --bindfuzz BIN [--build-dir DIR]
                                          runs one block in a scratch directory

Exit status: 0 ok, 1 a command did not do what its marker says (or a marker
is missing or wrong), 2 usage error, 77 the block needs inputs that are absent.
"""

import dataclasses
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SHELL_INFOS = {"", "sh", "bash", "shell", "console"}
DIRECTIVES = ("link", "file", "env", "setup", "replace", "skip", "expect", "timeout", "needs", "slow:")
DEFAULT_TIMEOUT = 900
SKIP = 77


class MarkerError(Exception):
    """A marker that does not parse or does not fit its block (file:line in the message)."""


@dataclasses.dataclass
class Block:
    path: str          # relative to the repository, e.g. docs/usage.md
    line: int          # 1-based line of the opening fence
    info: str          # the fence's info string
    body: list         # the lines between the fences
    marker: str = None       # the comment's text after "doctest:", or None
    marker_line: int = 0

    @property
    def ident(self):
        return f"{self.path}:{self.line}"

    @property
    def is_command_block(self):
        return self.info in SHELL_INFOS


@dataclasses.dataclass
class Command:
    text: str
    line: int          # 1-based line in the document


@dataclasses.dataclass
class Expect:
    what: str          # exit, has, lacks, matches
    arg: str


@dataclasses.dataclass
class Marker:
    kind: str                                   # run or illustrative
    reason: str = ""
    links: list = dataclasses.field(default_factory=list)     # (path, target)
    files: list = dataclasses.field(default_factory=list)     # (path, text)
    env: list = dataclasses.field(default_factory=list)       # (name, value)
    setups: list = dataclasses.field(default_factory=list)
    replaces: list = dataclasses.field(default_factory=list)  # (old, new)
    skips: dict = dataclasses.field(default_factory=dict)     # n -> reason
    expects: dict = dataclasses.field(default_factory=dict)   # n or "*" -> [Expect]
    timeout: int = DEFAULT_TIMEOUT
    needs: list = dataclasses.field(default_factory=list)
    slow: str = ""                              # why the block is too slow for the docs label


# ------------------------------------------------------------ extraction

def extract_blocks(path, text):
    """Fenced blocks of a Markdown text, each with the marker comment before it."""
    lines = text.split("\n")
    blocks = []
    i = 0
    while i < len(lines):
        m = re.match(r"^(`{3,})\s*([^`\s]*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        start = i
        j = i + 1
        while j < len(lines) and not re.match(r"^" + fence + r"`*\s*$", lines[j]):
            j += 1
        if j == len(lines):
            raise MarkerError(f"{path}:{start + 1}: a fence that is never closed")
        block = Block(path=path, line=start + 1, info=info, body=lines[start + 1:j])
        block.marker, block.marker_line = _marker_before(lines, start)
        blocks.append(block)
        i = j + 1
    return blocks


def _marker_before(lines, fence):
    """The text of a `<!-- doctest: ... -->` comment ending just before line `fence`."""
    k = fence - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k < 0 or not lines[k].rstrip().endswith("-->"):
        return None, 0
    end = k
    while k >= 0 and "<!--" not in lines[k]:
        k -= 1
    if k < 0:
        return None, 0
    text = "\n".join(lines[k:end + 1]).strip()
    m = re.match(r"^<!--\s*doctest:(.*)-->$", text, re.S)
    if not m:
        return None, 0
    return m.group(1).strip(), k + 1


def split_commands(block):
    """Logical command lines: `\\`-continued lines joined; blank and comment lines dropped."""
    commands = []
    pending, first = [], 0
    for n, raw in enumerate(block.body):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if not pending:
            first = block.line + 1 + n
        if stripped.endswith("\\"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        commands.append(Command(text=" ".join(pending), line=first))
        pending = []
    if pending:
        commands.append(Command(text=" ".join(pending), line=first))
    return commands


# --------------------------------------------------------------- markers

def parse_marker(block):
    """The block's marker, checked against its commands."""
    where = f"{block.path}:{block.marker_line}"
    if block.marker is None:
        raise MarkerError(f"{block.ident}: command block without a doctest marker "
                          "(see docs/contributing.md, \"Doc tests\")")
    text = block.marker
    head, _, rest = text.partition("\n")
    head = head.strip()
    if head.startswith("illustrative"):
        reason = text[len("illustrative"):].lstrip(" :").strip()
        if not reason:
            raise MarkerError(f"{where}: an illustrative block must say why (illustrative: REASON)")
        return Marker(kind="illustrative", reason=" ".join(reason.split()))
    if head != "run":
        raise MarkerError(f"{where}: a marker starts with 'run' or 'illustrative: REASON', not '{head}'")
    marker = Marker(kind="run")
    commands = split_commands(block)
    n_commands = len(commands)

    def index(token, lineno):
        if token == "*":
            return "*"
        if not token.isdigit() or not 1 <= int(token) <= n_commands:
            raise MarkerError(f"{block.path}:{lineno}: '{token}' is not a command of the block "
                              f"(it has {n_commands})")
        return int(token)

    for off, raw in enumerate(rest.split("\n")):
        lineno = block.marker_line + 1 + off
        line = raw.strip()
        if not line:
            continue
        word, _, args = line.partition(" ")
        args = args.strip()
        if word not in DIRECTIVES:
            raise MarkerError(f"{block.path}:{lineno}: unknown directive '{word}' "
                              f"(one of {', '.join(DIRECTIVES)})")
        if word in ("link", "file"):
            path, eq, value = args.partition(" = ")
            if not eq or not path.strip() or path.strip().startswith("/") or ".." in path.split("/"):
                raise MarkerError(f"{block.path}:{lineno}: {word} PATH = VALUE, PATH relative and inside "
                                  "the scratch directory")
            (marker.links if word == "link" else marker.files).append((path.strip(), value.strip()))
        elif word == "env":
            name, eq, value = args.partition("=")
            if not eq or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                raise MarkerError(f"{block.path}:{lineno}: env NAME=VALUE")
            marker.env.append((name, value))
        elif word == "setup":
            if not args:
                raise MarkerError(f"{block.path}:{lineno}: setup COMMAND")
            marker.setups.append(args)
        elif word == "replace":
            old, arrow, new = args.partition(" => ")
            if not arrow or not old:
                raise MarkerError(f"{block.path}:{lineno}: replace OLD => NEW")
            if not any(old in c.text for c in commands):
                raise MarkerError(f"{block.path}:{lineno}: replace: '{old}' is in no command of the block")
            marker.replaces.append((old, new))
        elif word == "skip":
            token, colon, reason = args.partition(":")
            if not colon or not reason.strip():
                raise MarkerError(f"{block.path}:{lineno}: skip N: REASON")
            marker.skips[index(token.strip(), lineno)] = reason.strip()
        elif word == "expect":
            parts = args.split(" ", 2)
            if len(parts) < 3 or parts[1] not in ("exit", "has", "lacks", "matches"):
                raise MarkerError(f"{block.path}:{lineno}: expect N exit|has|lacks|matches ARG")
            n = index(parts[0], lineno)
            what, arg = parts[1], parts[2].strip()
            if what == "exit" and not re.match(r"^(any|nonzero|[0-9]+(\|[0-9]+)*)$", arg):
                raise MarkerError(f"{block.path}:{lineno}: expect N exit 0|1|0|1|nonzero|any")
            if what == "matches":
                try:
                    re.compile(arg)
                except re.error as e:
                    raise MarkerError(f"{block.path}:{lineno}: bad regular expression: {e}")
            marker.expects.setdefault(n, []).append(Expect(what, arg))
        elif word == "timeout":
            if not args.isdigit():
                raise MarkerError(f"{block.path}:{lineno}: timeout SECONDS")
            marker.timeout = int(args)
        elif word == "slow:":
            if not args:
                raise MarkerError(f"{block.path}:{lineno}: slow: REASON")
            marker.slow = args
        elif word == "needs":
            for need in args.split():
                if need not in ("kernel", "cargo", "rustc", "apt") and not re.match(r"^(crate|file):\S+$", need):
                    raise MarkerError(f"{block.path}:{lineno}: needs kernel|cargo|rustc|apt|crate:NAME|file:PATH")
                marker.needs.append(need)
    if all(i in marker.skips for i in range(1, n_commands + 1)):
        raise MarkerError(f"{where}: every command is skipped: mark the block illustrative instead")
    for n in marker.skips:
        if n in marker.expects:
            raise MarkerError(f"{where}: command {n} is both skipped and expected")
    return marker


def doc_files(repo):
    files = ["README.md"] + sorted(os.path.relpath(p, repo) for p in glob.glob(os.path.join(repo, "docs", "*.md")))
    return [f for f in files if os.path.isfile(os.path.join(repo, f))]


def all_blocks(repo):
    out = []
    for f in doc_files(repo):
        with open(os.path.join(repo, f), encoding="utf-8") as fh:
            out.extend(b for b in extract_blocks(f, fh.read()) if b.is_command_block)
    return out


# ---------------------------------------------------------------- running

class Context:
    def __init__(self, repo, bindfuzz, build_dir, scratch):
        work = os.environ.get("BINDFUZZ_WORK", os.path.join(repo, "work"))
        self.vars = {
            "REPO": repo,
            "KERNEL": os.path.join(work, "kernel"),
            "KSRC": os.path.join(work, "kernel", "src", "linux-source-6.12"),
            "KOUT": os.path.join(work, "kernel", "out"),
            # Kernel build trees made by Kbuild (scripts/kernel-inputs.sh --kbuild-trees): <flavour>/
            "KTREE": os.path.join(work, "kernel", "kbuild-tree"),
            "TESTDATA": os.path.join(repo, "harness", "testdata"),
            "BINDFUZZ": bindfuzz,
            "BUILD": build_dir,
            "SCRATCH": scratch,
        }

    def expand(self, text, where):
        def sub(m):
            name = m.group(1)
            if name not in self.vars:
                raise MarkerError(f"{where}: unknown variable ${name} (one of "
                                  f"{', '.join('$' + v for v in sorted(self.vars))})")
            return self.vars[name]
        return re.sub(r"\$([A-Z]+)\b", sub, text)


def missing_need(need, ctx):
    if need == "kernel":
        probe = os.path.join(ctx.vars["KOUT"], "amd64", "bindings_generated.rs")
        return None if os.path.isfile(probe) else f"kernel inputs ({probe}): run scripts/kernel-inputs.sh"
    if need in ("cargo", "rustc", "apt"):
        tool = "apt-cache" if need == "apt" else need
        return None if shutil.which(tool) else f"{tool} on PATH"
    kind, _, name = need.partition(":")
    if kind == "crate":
        found = glob.glob(f"/usr/share/cargo/registry/{name}-[0-9]*")
        return None if found else f"the crate {name} (apt-get install librust-{name}-dev)"
    if kind == "file":
        path = ctx.expand(name, "needs")
        return None if os.path.exists(path) else path
    return need


def check_expectations(expects, rc, output):
    """Failed expectations, as sentences."""
    failed = []
    for e in expects:
        if e.what == "exit":
            ok = (e.arg == "any" or (e.arg == "nonzero" and rc != 0) or
                  (e.arg not in ("any", "nonzero") and rc in [int(x) for x in e.arg.split("|")]))
            if not ok:
                failed.append(f"exit status {rc}, the doc promises {e.arg}")
        elif e.what == "has" and e.arg not in output:
            failed.append(f"the output lacks '{e.arg}'")
        elif e.what == "lacks" and e.arg in output:
            failed.append(f"the output has '{e.arg}'")
        elif e.what == "matches" and not re.search(e.arg, output, re.M):
            failed.append(f"the output does not match /{e.arg}/")
    return failed


def run_block(repo, block, bindfuzz, build_dir, keep=False):
    marker = parse_marker(block)
    if marker.kind == "illustrative":
        print(f"{block.ident}: illustrative: {marker.reason}")
        return 0
    scratch = tempfile.mkdtemp(prefix="bindfuzz-doctest-")
    ctx = Context(repo, bindfuzz, build_dir, scratch)
    try:
        for need in marker.needs:
            why = missing_need(need, ctx)
            if why:
                print(f"{block.ident}: SKIP: needs {why}")
                return SKIP
        return _run_in(block, marker, ctx, scratch)
    finally:
        if keep:
            print(f"(scratch directory kept: {scratch})")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _run_in(block, marker, ctx, scratch):
    where = f"{block.path}:{block.marker_line}"
    for path, target in marker.links:
        dest = os.path.join(scratch, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        target = ctx.expand(target, where)
        if not os.path.exists(target):
            raise MarkerError(f"{where}: link {path}: {target} does not exist")
        os.symlink(target, dest)
    for path, text in marker.files:
        dest = os.path.join(scratch, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding="utf-8") as fh:
            fh.write(ctx.expand(text, where).replace("\\n", "\n"))
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(ctx.vars["BINDFUZZ"]) + os.pathsep + env.get("PATH", "")
    env["BF"] = ctx.vars["BINDFUZZ"]  # the scripts' binary: the one under test
    for name, value in marker.env:
        env[name] = ctx.expand(value, where)
    deadline = time.monotonic() + marker.timeout

    def shell(text):
        left = deadline - time.monotonic()
        if left <= 0:
            return None, ""
        try:
            p = subprocess.run(["bash", "-c", text], cwd=scratch, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=left)
            return p.returncode, p.stdout.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode("utf-8", "replace") if e.stdout else ""
            return None, out

    for s in marker.setups:
        rc, out = shell(ctx.expand(s, where))
        if rc != 0:
            print(f"{where}: FAIL: setup `{s}` exited {rc}\n{_tail(out)}")
            return 1
    status = 0
    for n, cmd in enumerate(split_commands(block), start=1):
        if n in marker.skips:
            print(f"{block.path}:{cmd.line}: skip: {cmd.text}\n    ({marker.skips[n]})")
            continue
        text = cmd.text
        for old, new in marker.replaces:
            text = text.replace(old, ctx.expand(new, where))
        started = time.monotonic()
        rc, out = shell(text)
        secs = time.monotonic() - started
        if rc is None:
            print(f"{block.path}:{cmd.line}: FAIL: `{text}` did not finish within the block's "
                  f"{marker.timeout} s\n{_tail(out)}")
            return 1
        expects = marker.expects.get(n, [])
        if not any(e.what == "exit" for e in expects):
            expects = [e for e in marker.expects.get("*", []) if e.what == "exit"] or [Expect("exit", "0")]
            expects += marker.expects.get(n, [])
        expects = expects + [e for e in marker.expects.get("*", []) if e.what != "exit"]
        failed = check_expectations(expects, rc, out)
        shown = text if text == cmd.text else f"{cmd.text}\n    (run as: {text})"
        if failed:
            status = 1
            print(f"{block.path}:{cmd.line}: FAIL: {shown}\n    " + "\n    ".join(failed) + "\n" + _tail(out))
        else:
            print(f"{block.path}:{cmd.line}: ok ({secs:.1f} s, exit {rc}): {shown}")
    return status


def _tail(out, n=25):
    lines = out.rstrip("\n").split("\n")
    return "\n".join("    | " + l for l in lines[-n:])


# ------------------------------------------------------------------- main

def main(argv):
    if len(argv) < 3 or argv[1] not in ("list", "labels", "check", "run"):
        print(__doc__.split("Usage:")[1].split("Exit status")[0].strip(), file=sys.stderr)
        return 2
    repo = os.path.realpath(argv[2])
    try:
        blocks = all_blocks(repo)
        if argv[1] == "list":
            for b in blocks:
                print(b.ident)
            return 0
        if argv[1] == "labels":
            for b in blocks:
                try:
                    slow = parse_marker(b).slow
                except MarkerError:
                    slow = ""  # docs_markers reports it; the block's test fails on it
                print(b.ident, "doc-slow" if slow else "docs")
            return 0
        if argv[1] == "check":
            errors, run, illustrative = [], 0, []
            for b in blocks:
                try:
                    m = parse_marker(b)
                except MarkerError as e:
                    errors.append(str(e))
                    continue
                if m.kind == "run":
                    run += 1
                    if m.slow:
                        print(f"  slow (label doc-slow) {b.ident}: {m.slow}")
                else:
                    illustrative.append(f"{b.ident}: {m.reason}")
            print(f"{len(blocks)} command blocks in README.md and docs/: {run} run, "
                  f"{len(illustrative)} illustrative")
            for i in illustrative:
                print(f"  illustrative {i}")
            for e in errors:
                print(f"FAIL: {e}")
            return 1 if errors else 0
        # run
        if len(argv) < 4:
            print("doctest.py run REPO FILE:LINE --bindfuzz BIN [--build-dir DIR] [--keep]", file=sys.stderr)
            return 2
        ident, opts = argv[3], argv[4:]
        bindfuzz = build_dir = None
        keep = False
        i = 0
        while i < len(opts):
            if opts[i] in ("--bindfuzz", "--build-dir") and i + 1 < len(opts):
                if opts[i] == "--bindfuzz":
                    bindfuzz = os.path.realpath(opts[i + 1])
                else:
                    build_dir = os.path.realpath(opts[i + 1])
                i += 2
            elif opts[i] == "--keep":
                keep = True
                i += 1
            else:
                print(f"doctest.py: unknown option {opts[i]}", file=sys.stderr)
                return 2
        if not bindfuzz or not os.access(bindfuzz, os.X_OK):
            print("doctest.py: --bindfuzz BIN (an executable) is required", file=sys.stderr)
            return 2
        build_dir = build_dir or os.path.dirname(os.path.dirname(os.path.dirname(bindfuzz)))
        matching = [b for b in blocks if b.ident == ident]
        if not matching:
            print(f"doctest.py: no command block {ident} (doctest.py list shows them)", file=sys.stderr)
            return 2
        return run_block(repo, matching[0], bindfuzz, build_dir, keep)
    except MarkerError as e:
        print(f"FAIL: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
