"""SIGKILL a process while it saves changes through the Store, 300 times.

After every kill the board must parse, hold every change the child acknowledged (``ACK n`` is
sent only after ``Store`` returned, i.e. after fsync and rename), hold nothing that was never
asked for, and open again at once (the dead child's lock must not block). A temp file left by
the interrupted write is allowed only if that next open removes it.

The child is forked from the test process rather than started with ``python -c``: it runs the
same Store code, and 300 interpreter start-ups would cost more time than the whole test.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson
import pytest

from tests.boards import make_application
from tui.model import Profile
from tui.store import Store

KILLS = 300
MAX_OPS_PER_CHILD = 400
"""A child that is never killed stops here, so a broken kill cannot hang the test."""
# How long a child may take to open the board and save once (a loaded CI machine is slow).
FIRST_ACK_SECONDS = 10.0

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


@dataclass(frozen=True)
class Op:
    """One change: add, edit, delete, profile or undo."""

    kind: str
    doc_id: int = 0
    text: str = ""


@dataclass
class Model:
    """What the board should hold, replayed without the Store: cards as (company, notes)."""

    cards: dict[int, tuple[str, str]]
    profile_name: str
    next_id: int = 1
    undo: list[tuple[str, int, tuple[str, str] | str | None]] = field(default_factory=list)

    @classmethod
    def of(cls, store: Store) -> Model:
        """The state a Store holds right now (ids continue after the highest, as in Store)."""
        cards = {card.doc_id or 0: (card.company, card.notes) for card in store.applications()}
        return cls(cards, store.profile().name, max(cards, default=0) + 1)

    def view(self) -> tuple[dict[int, tuple[str, str]], str]:
        """What is compared with the file."""
        return dict(self.cards), self.profile_name

    def plan(self, rng: random.Random, label: str) -> Op:
        """The next change, chosen from the current state so that it is always valid."""
        ids = sorted(self.cards)
        roll = rng.random()
        if len(ids) < 4 or (roll < 0.25 and len(ids) < 14):
            return Op("add", text=label)
        if roll < 0.55:
            return Op("put", rng.choice(ids), label)
        if roll < 0.7:
            return Op("delete", rng.choice(ids))
        if roll < 0.82:
            return Op("profile", text=label)
        return Op("undo") if self.undo else Op("profile", text=label)

    def apply(self, op: Op) -> None:
        """The change as the Store should make it, with the same undo stack."""
        if op.kind == "add":
            self.cards[self.next_id] = (op.text, "")
            self.undo.append(("remove", self.next_id, None))
            self.next_id += 1
        elif op.kind == "put":
            self.undo.append(("set", op.doc_id, self.cards[op.doc_id]))
            self.cards[op.doc_id] = (self.cards[op.doc_id][0], op.text)
        elif op.kind == "delete":
            self.undo.append(("set", op.doc_id, self.cards.pop(op.doc_id)))
        elif op.kind == "profile":
            self.undo.append(("profile", 0, self.profile_name))
            self.profile_name = op.text
        elif self.undo:
            action, doc_id, before = self.undo.pop()
            if action == "remove":
                del self.cards[doc_id]
            elif action == "set" and isinstance(before, tuple):
                self.cards[doc_id] = before
            elif isinstance(before, str):
                self.profile_name = before


def apply_to_store(store: Store, op: Op) -> None:
    """The same change through the real Store."""
    if op.kind == "add":
        store.add(make_application(company=op.text, notes=""))
    elif op.kind == "put":
        store.put(replace(store.get(op.doc_id), notes=op.text))
    elif op.kind == "delete":
        store.delete(op.doc_id)
    elif op.kind == "profile":
        store.save_profile(Profile(name=op.text))
    else:
        store.undo()


def planned_ops(start: Model, seed: int, count: int) -> list[Op]:
    """The ops a child with this seed makes, in order (the plan depends on the state)."""
    model = Model(dict(start.cards), start.profile_name, start.next_id)
    rng = random.Random(seed)
    ops = []
    for index in range(count):
        op = model.plan(rng, f"s{seed}-{index}")
        model.apply(op)
        ops.append(op)
    return ops


def run_child(board: Path, seed: int, ack_fd: int) -> None:
    """In the forked child: open, then change and acknowledge until killed."""
    code = 0
    try:
        store = Store(board)
        model = Model.of(store)
        rng = random.Random(seed)
        for index in range(MAX_OPS_PER_CHILD):
            op = model.plan(rng, f"s{seed}-{index}")
            apply_to_store(store, op)
            model.apply(op)
            os.write(ack_fd, f"ACK {index}\n".encode())
        store.close()
    except BaseException as error:
        os.write(ack_fd, f"ERR {error!r}\n".encode())
        code = 1
    finally:
        os._exit(code)


def kill_after(pid: int, read_fd: int, delay: float, *, after_first_ack: bool) -> bytes:
    """SIGKILL the child ``delay`` seconds after the fork, or after its first acknowledged change.

    Counting from the first ack keeps the kill among real saves on a loaded machine, where
    opening the board alone can take longer than the whole delay.
    """
    received = bytearray()
    if after_first_ack:
        ready, _, _ = select.select([read_fd], [], [], FIRST_ACK_SECONDS)
        if ready:
            received += os.read(read_fd, 65536)
    deadline = time.monotonic() + delay
    while (remaining := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([read_fd], [], [], remaining)
        if ready:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            received += chunk
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        received += chunk
    return bytes(received)


def test_kill_nine_never_loses_an_acknowledged_change(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.add_many([make_application(company=f"seed {i}") for i in range(6)])
    rng = random.Random(20261125)
    temps_seen = 0
    acked_total = 0
    for kill in range(KILLS):
        with Store(board) as store:
            start = Model.of(store)
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_fd)
            run_child(board, kill, write_fd)
        os.close(write_fd)
        # Mostly mid-run; sometimes at once, to land in the middle of opening.
        at_open = rng.random() < 0.25
        delay = rng.choice([0.0, 0.001]) if at_open else rng.uniform(0.002, 0.03)
        output = kill_after(pid, read_fd, delay, after_first_ack=not at_open)
        os.close(read_fd)

        lines = output.decode().splitlines()
        assert not [line for line in lines if line.startswith("ERR")], lines
        acked = len(lines)
        acked_total += acked

        orjson.loads(board.read_bytes())  # parses: never half-written
        temps_seen += sum(1 for name in os.listdir(tmp_path) if name.endswith(".tmp"))
        with Store(board) as store:  # a killed holder's lock does not block
            found = Model.of(store).view()
        assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]

        ops = planned_ops(start, kill, acked + 1)
        expected = Model(dict(start.cards), start.profile_name, start.next_id)
        for op in ops[:acked]:
            expected.apply(op)
        acknowledged = expected.view()
        # The change in flight when the kill came may have reached the disk, or not.
        expected.apply(ops[acked])
        assert found in (acknowledged, expected.view()), f"kill {kill}: {acked} acked"
    # The test must actually have interrupted saves, not only idle children.
    assert acked_total > KILLS
    print(f"{KILLS} kills, {acked_total} acknowledged changes, {temps_seen} temp files cleaned")
