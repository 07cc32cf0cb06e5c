"""The terminal chat as its user meets it: the installed `teduh chat`, piped or on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from conftest import teduh_command

INTERRUPT_BOUND_S = 20  # "promptly": generous, on a busy 2-core machine; today it waits for Enter forever


def clean_env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    return {**base, **extra}


class Piped:
    """`teduh chat` fed one line at a time, answering one line per message."""

    def __init__(self, folder: Path, **env: str) -> None:
        self.process = subprocess.Popen([*teduh_command(), "chat", "--lang", "en"], cwd=folder, text=True,
                                        env=clean_env(**env), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)

    def say(self, line: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().rstrip("\n")

    def close(self) -> tuple[int, str]:
        _out, err = self.process.communicate(timeout=60)
        return self.process.returncode, err


def test_reload_in_the_terminal_rereads_the_library(tmp_path: Path, content_copy: Path) -> None:
    chat = Piped(tmp_path, TEDUH_CONTENT_DIR=str(content_copy))
    try:
        assert "VERSION TWO" not in chat.say("i feel anxious all the time")
        anxiety = content_copy / "responses" / "anxiety.yml"
        anxiety.write_text(anxiety.read_text().replace("Anxiety is your body's alarm", "VERSION TWO: anxiety is"))
        reloaded = chat.say("/reload")
        assert reloaded.startswith("Reloaded: ") and reloaded.endswith(" responses.")
        assert int(reloaded.split()[1]) > 20
        assert chat.say("i feel anxious all the time").startswith("VERSION TWO")
    finally:
        code, err = chat.close()
    assert code == 0 and "Traceback" not in err


def test_a_button_number_that_does_not_exist_says_which_do(teduh: Callable[..., subprocess.CompletedProcess[str]]
                                                           ) -> None:
    result = teduh("chat", "--lang", "en", stdin="i want to kill myself\n7\n2\n")
    assert result.returncode == 0, result.stderr
    crisis, hint, pressed = result.stdout.splitlines()
    assert crisis.endswith("[1] I'm safe [2] I'm not safe [3] Couldn't get through? [4] Find professional help")
    assert hint == ("There is no button 7. Type a number from 1 to 4. "
                    "[1] I'm safe [2] I'm not safe [3] Couldn't get through? [4] Find professional help")
    assert pressed.startswith("Thank you for being honest with")  # the buttons still work after the hint

    indonesian = teduh("chat", stdin="aku mau bunuh diri\n0\n", env={"TEDUH_DB": "another.db"})  # a new user
    assert indonesian.stdout.splitlines()[1].startswith("Nggak ada tombol 0. Ketik angka 1 sampai 4, ya.")


def read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"no {marker!r} on the terminal; it showed: {seen.decode(errors='replace')}")
        seen += os.read(fd, 4096)
    return seen


def test_ctrl_c_at_the_prompt_leaves_at_once(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    # As a terminal's shell starts a foreground job: Ctrl-C at its default, even when this test run
    # was itself started in the background (where the shell makes SIGINT ignored, and children inherit that).
    process = subprocess.Popen([*teduh_command(), "chat"], cwd=tmp_path, env=clean_env(), stdin=terminal,
                               stdout=terminal, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(terminal)
    try:
        shown = read_until(controller, b"/keluar untuk berhenti.)\r\n> ", timeout=120)  # welcome, hint, prompt
        process.send_signal(signal.SIGINT)  # what Ctrl-C does
        try:
            code = process.wait(timeout=INTERRUPT_BOUND_S)
        except subprocess.TimeoutExpired:
            raise AssertionError("Ctrl-C did not end the chat; it waits for Enter") from None
        err = process.stderr.read().decode() if process.stderr else ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)
    assert code == 130, err
    assert "Traceback" not in err and b"Traceback" not in shown
