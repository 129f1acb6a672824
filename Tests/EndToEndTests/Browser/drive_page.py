#!/usr/bin/env python3
"""Drives movied's web page in headless Chromium and fails on any console problem.

Chromium is spoken to over the DevTools protocol on `--remote-debugging-pipe`:
it reads NUL-terminated JSON commands on its fd 3 and writes NUL-terminated JSON
messages on its fd 4. A pipe needs no free port and no websocket module, so the
script runs on the standard library alone.

Usage: drive_page.py --url http://127.0.0.1:PORT/ --screenshot PATH
                     [--chromium PATH] [--title "Some Title"]
Prints a JSON summary on stdout; on failure also says why on stderr, exits 1.
"""
import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

WAIT_SECONDS = 10
POLL_SECONDS = 0.1
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
    "--no-first-run", "--no-default-browser-check", "--window-size=1200,900",
    # Quiet and repeatable: no network of its own, no extras, one pixel per CSS pixel.
    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
    "--disable-extensions", "--disable-sync", "--disable-breakpad", "--disable-dev-shm-usage",
    "--disable-features=Translate,MediaRouter,OptimizationHints", "--metrics-recording-only",
    "--mute-audio", "--password-store=basic", "--use-mock-keychain", "--hide-scrollbars",
    "--force-device-scale-factor=1", "--force-color-profile=srgb",
]


class Failure(Exception):
    pass


class Chromium:
    """A headless Chromium and the DevTools pipe to it."""

    def __init__(self, executable, profile):
        command_read, command_write = os.pipe()
        message_read, message_write = os.pipe()
        # Above 10, so moving them onto 3 and 4 in the child cannot clobber one with the other.
        child_in = fcntl.fcntl(command_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(message_write, fcntl.F_DUPFD_CLOEXEC, 10)
        for descriptor in (command_read, message_write):
            os.close(descriptor)

        def onto_three_and_four():
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.log_path = os.path.join(profile, "chromium.log")
        with open(self.log_path, "wb") as log:
            # close_fds=False: pass_fds would close 3 and 4 after they were made;
            # every other descriptor of ours is close-on-exec already.
            try:
                self.process = subprocess.Popen(
                    [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=False,
                    preexec_fn=onto_three_and_four, start_new_session=True)
            except OSError as error:
                raise Failure(f"cannot start {executable}: {error.strerror}")
        os.close(child_in)
        os.close(child_out)
        self.commands = command_write
        self.messages = message_read
        self.pending = b""
        self.next_id = 0
        self.problems = []

    def call(self, method, params=None, session=None):
        """Sends one command and returns its result, noting the events met on the way."""
        self.next_id += 1
        command = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        data = json.dumps(command).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self.commands, data):]
        except BrokenPipeError:
            raise Failure(f"chromium went away before {method}{self.log_tail()}")
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            for message in self.read(deadline - time.monotonic()):
                if message.get("id") == self.next_id:
                    if "error" in message:
                        raise Failure(f"{method} failed: {message['error'].get('message')}")
                    return message.get("result", {})
                self.note(message)
            if time.monotonic() > deadline:
                raise Failure(f"no answer to {method} within {WAIT_SECONDS} s")

    def pump(self, seconds):
        """Notes the events that arrive within `seconds`."""
        for message in self.read(seconds):
            self.note(message)

    def read(self, seconds):
        ready, _, _ = select.select([self.messages], [], [], max(0, seconds))
        if not ready:
            return []
        chunk = os.read(self.messages, 1 << 20)
        if not chunk:
            raise Failure(f"chromium exited{self.log_tail()}")
        self.pending += chunk
        *complete, self.pending = self.pending.split(b"\0")
        return [json.loads(message) for message in complete]

    def note(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            self.problems.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.problems.append(f"uncaught: {details.get('exception', {}).get('description', details.get('text'))}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            entry = params["entry"]
            self.problems.append(f"log {entry['level']} ({entry['source']}): {entry['text']} {entry.get('url', '')}".rstrip())
        elif method in ("Inspector.targetCrashed", "Target.targetCrashed"):
            self.problems.append("the page crashed")

    def log_tail(self):
        try:
            with open(self.log_path, errors="replace") as log:
                lines = log.read().splitlines()[-15:]
        except OSError:
            return ""
        return "\nchromium's last words:\n" + "\n".join(lines) if lines else ""

    def stop(self):
        try:
            self.call("Browser.close")
            self.process.wait(timeout=5)
        except (Failure, OSError, subprocess.TimeoutExpired):
            pass
        # Renderers and helpers share the browser's session: take the whole group down.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        os.close(self.commands)
        os.close(self.messages)


class Page:
    """One tab of `browser`, attached with a flat session."""

    def __init__(self, browser):
        self.browser = browser
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.call(f"{domain}.enable")
        # The window's size less the browser's own frame varies; the viewport should not.
        self.call("Emulation.setDeviceMetricsOverride", {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False})

    def call(self, method, params=None):
        return self.browser.call(method, params, self.session)

    def evaluate(self, expression):
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise Failure(f"evaluating {expression!r}: {reply['exceptionDetails'].get('exception', {}).get('description')}")
        return reply["result"].get("value")

    def wait_for(self, what, expression):
        """Polls `expression` until it is truthy and returns it; fails on a page error or after WAIT_SECONDS."""
        probe = f"""({{
            value: ({expression}),
            error: document.querySelector('#status[data-kind="error"]')?.textContent ?? null,
        }})"""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            state = self.evaluate(probe)
            self.check()
            if state["error"]:
                raise Failure(f"while waiting for {what}, the page said: {state['error']}")
            if state["value"]:
                return state["value"]
            if time.monotonic() > deadline:
                raise Failure(f"timed out after {WAIT_SECONDS} s waiting for {what}")
            self.browser.pump(POLL_SECONDS)

    def check(self):
        if self.browser.problems:
            raise Failure("the page logged problems:\n  " + "\n  ".join(self.browser.problems))

    def type_into(self, selector, text):
        """Focuses the field, empties it and types `text` as a user would."""
        self.evaluate(f"(() => {{ const field = document.querySelector({json.dumps(selector)}); field.focus(); field.select(); }})()")
        if text:
            self.call("Input.insertText", {"text": text})
        else:
            self.press("Backspace", 8)

    def press(self, key, code):
        # rawKeyDown: a key that types no text, as Backspace.
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code})

    def click(self, selector):
        """Clicks the middle of the element with the mouse, as a user would."""
        box = self.evaluate(f"""(() => {{
            const element = document.querySelector({json.dumps(selector)});
            if (!element) return null;
            element.scrollIntoView({{block: "center"}});
            const rect = element.getBoundingClientRect();
            return {{x: rect.x + rect.width / 2, y: rect.y + rect.height / 2}};
        }})()""")
        if not box:
            raise Failure(f"nothing to click at {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {**box, "type": kind, "button": "left", "clickCount": 1})


LIST_TITLES = "[...document.querySelectorAll('#list li')].map((item) => item.textContent.trim())"


def search_text(titles):
    """A word from the shown titles that some of them hold and some do not, so a filtered list shows."""
    for title in titles:
        for word in sorted(title.lower().split(), key=len, reverse=True):
            holders = sum(word in other.lower() for other in titles)
            if len(word) >= 4 and 0 < holders < len(titles):
                return word
    return titles[0].lower()


def drive(page, url, title, info, screenshot, steps):
    navigation = page.call("Page.navigate", {"url": url})
    if navigation.get("errorText"):
        raise Failure(f"loading {url}: {navigation['errorText']}")
    titles = page.wait_for("the list to show titles", f"(() => {{ const t = {LIST_TITLES}; return t.length > 0 && t; }})()")
    steps.append(f"list shows {len(titles)}")

    text = search_text(titles)
    page.type_into("#search", text)
    matches = page.wait_for(f"only titles containing {text!r}", f"""(() => {{
        const t = {LIST_TITLES};
        return t.length > 0 && t.every((title) => title.toLowerCase().includes({json.dumps(text)})) && t;
    }})()""")
    steps.append(f"search {text!r} shows {len(matches)}")

    page.type_into("#add-title", title)
    page.type_into("#add-info", info)
    page.click("#add-submit")
    page.wait_for("the add to be confirmed", f"document.querySelector('#status').textContent.includes({json.dumps(title)})")
    steps.append(f"added {title!r}")

    page.type_into("#search", "")
    page.wait_for("the whole list again", f"{LIST_TITLES}.some((title) => !title.toLowerCase().includes({json.dumps(text)}))")
    page.type_into("#search", title)
    page.wait_for(f"{title!r} alone in the list", f"""(() => {{
        const t = {LIST_TITLES};
        return t.includes({json.dumps(title)}) && t.every((shown) => shown.toLowerCase().includes({json.dumps(title.lower())}));
    }})()""")
    steps.append(f"search finds {title!r}")

    # The one button whose text is the title, found by index since titles may hold any character.
    index = page.evaluate(f"{LIST_TITLES}.indexOf({json.dumps(title)})")
    page.click(f"#list li:nth-child({index + 1}) button")
    page.wait_for("the movie's info", f"""document.querySelector('#detail-title').textContent === {json.dumps(title)}
        && document.querySelector('#detail-info').textContent === {json.dumps(info)}""")
    steps.append("detail shows its info")

    page.wait_for("the live event of the add", f"""document.querySelector('#live').dataset.state === 'open'
        && document.querySelector('#events').textContent.includes({json.dumps(title)})""")
    steps.append("live event heard")

    page.evaluate("window.scrollTo(0, 0)")
    image = base64.b64decode(page.call("Page.captureScreenshot", {"format": "png"})["data"])
    with open(screenshot, "wb") as file:
        file.write(image)
    steps.append(f"screenshot {len(image)} bytes")
    # Network errors reach the log from the browser process, after the page's own answers: give them time.
    page.browser.pump(0.5)
    page.check()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--title", default=f"Browser Test {os.getpid()}-{int(time.time())}")
    arguments = parser.parse_args()
    info = "2026; drive_page.py; added through the web page"

    steps = []
    failure = None
    with tempfile.TemporaryDirectory(prefix="drive-page-", ignore_cleanup_errors=True) as profile:
        browser = None
        try:
            browser = Chromium(arguments.chromium, profile)
            steps.append("chromium started")
            drive(Page(browser), arguments.url, arguments.title, info, arguments.screenshot, steps)
        except (Failure, OSError) as error:
            failure = str(error)
        finally:
            if browser:
                browser.stop()
    summary = {"ok": failure is None, "steps": steps, "screenshot": arguments.screenshot if failure is None else None}
    print(json.dumps(summary, indent=2))
    if failure:
        print(f"drive_page.py: {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
