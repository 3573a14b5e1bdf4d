"""What the page benchmark installs in the page before its scripts run, and how it reads it.

The probe (``window.__crmBench``) keeps the long tasks, the scripts of long animation frames,
blocked requests (content security policy), when the frame after the page's chart marked
itself drawn (``data-ready="1"``) was painted, each interaction's time from input to the next
paint (pointerdown or keydown until the frame after the click or change has been painted),
and animation-frame timestamps while asked to record them. "Painted" is the first task after
that frame's animation callbacks, i.e. after its rendering update.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from benchmarks.web_figures import LongTask

if TYPE_CHECKING:
    from playwright.sync_api import Page

TOKEN_KEY = "crm.token"
"""The session storage key of the bearer token (`TOKEN_KEY` in web/src/auth.ts)."""

PROBE = """
(() => {
  if (window !== window.top) return;
  const B = (window.__crmBench = {
    longTasks: [], scripts: [], blocked: [], clicks: [], frames: [], ready: null,
  });
  const token = __TOKEN__;
  if (token && !sessionStorage.getItem(__KEY__)) sessionStorage.setItem(__KEY__, token);
  const watch = (type, take) =>
    new PerformanceObserver((list) => list.getEntries().forEach(take))
      .observe({ type, buffered: true });
  watch('longtask', (e) => B.longTasks.push([e.startTime, e.duration]));
  watch('long-animation-frame', (e) => e.scripts.forEach((s) => {
    if (s.duration >= 30) {
      B.scripts.push([s.duration, s.sourceURL, s.sourceFunctionName, s.invoker]);
    }
  }));
  document.addEventListener('securitypolicyviolation', (e) => B.blocked.push(e.blockedURI));
  const afterPaint = (then) => requestAnimationFrame(() => {
    const after = new MessageChannel();
    after.port1.onmessage = () => then(performance.now());
    after.port2.postMessage(null);
  });
  const ready = __READY__;
  if (ready) {
    const drawn = `[data-testid="${ready}"][data-ready="1"]`;
    const seen = new MutationObserver(() => {
      if (document.querySelector(drawn)) {
        seen.disconnect();
        afterPaint((t) => { B.ready = t; });
      }
    });
    seen.observe(document, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'],
    });
  }
  let input = null;
  const begin = (e) => { input = e.timeStamp; };
  const painted = () => {
    if (input === null) return;
    const t0 = input;
    input = null;
    afterPaint((t) => B.clicks.push(t - t0));
  };
  addEventListener('pointerdown', begin, true);
  addEventListener('keydown', begin, true);
  addEventListener('click', painted, true);
  addEventListener('change', painted, true);
  B.record = (on) => {
    B.recording = on;
    if (!on) return;
    B.frames = [];
    const tick = (t) => {
      if (!B.recording) return;
      B.frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
})();
"""

STATE = """() => {
  const B = window.__crmBench;
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    now: performance.now(), ready: B.ready, fcp: fcp ? fcp.startTime : null,
    dcl: nav ? nav.domContentLoadedEventEnd : null, longTasks: B.longTasks,
  };
}"""

SCRIPTS = """() => performance.getEntriesByType('resource')
  .filter((r) => new URL(r.name).pathname.endsWith('.js'))
  .map((r) => [new URL(r.name).pathname.split('/').pop(), r.encodedBodySize])"""

API_CALLS = """() => performance.getEntriesByType('resource')
  .filter((r) => new URL(r.name).pathname.startsWith('/api/'))
  .map((r) => [r.duration, new URL(r.name).pathname + new URL(r.name).search,
               r.encodedBodySize])"""


def probe_script(*, ready_testid: str | None, token: str | None) -> str:
    """The probe for a page whose main content is the element `ready_testid` (None: the
    first contentful paint), signed in with `token` (None: signed out)."""
    return (
        PROBE.replace("__TOKEN__", json.dumps(token))
        .replace("__KEY__", json.dumps(TOKEN_KEY))
        .replace("__READY__", json.dumps(ready_testid))
    )


@dataclass(frozen=True)
class PageState:
    """The page's clock now, and its marks so far (None: not yet)."""

    now_ms: float
    ready_ms: float | None
    fcp_ms: float | None
    dcl_ms: float | None
    long_tasks: tuple[LongTask, ...]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def read_state(page: Page) -> PageState:
    raw = page.evaluate(STATE)
    return PageState(
        float(raw["now"]),
        _number(raw["ready"]),
        _number(raw["fcp"]),
        _number(raw["dcl"]) or None,
        tuple(LongTask(float(s), float(d)) for s, d in raw["longTasks"]),
    )


def read_scripts(page: Page) -> dict[str, float]:
    """Each script file the page fetched and its encoded (gzip) body size in KB (1000 B)."""
    sizes: dict[str, float] = {}
    for name, size in page.evaluate(SCRIPTS):
        sizes[str(name)] = round(sizes.get(str(name), 0.0) + float(size) / 1000, 1)
    return sizes


def read_slowest_api(page: Page, *, count: int = 2) -> tuple[str, ...]:
    """The `count` slowest API calls so far: ms, path and KB transferred."""
    rows = sorted(page.evaluate(API_CALLS), key=lambda r: -r[0])
    return tuple(
        f"{float(ms):.0f} ms {path} {size / 1000:.0f} KB" for ms, path, size in rows[:count]
    )


def read_blocking_scripts(page: Page, *, count: int = 3) -> tuple[str, ...]:
    """The `count` longest scripts of long animation frames: ms, file, function, invoker."""
    rows = sorted(page.evaluate("() => window.__crmBench.scripts"), key=lambda s: -s[0])
    return tuple(
        f"{float(ms):.0f} ms {str(src).rsplit('/', 1)[-1]} {fn or '?'} ({invoker})"
        for ms, src, fn, invoker in rows[:count]
    )


def read_blocked(page: Page) -> tuple[str, ...]:
    """Addresses the content security policy blocked."""
    return tuple(str(u) for u in page.evaluate("() => window.__crmBench.blocked"))


def read_clicks(page: Page) -> tuple[float, ...]:
    return tuple(float(ms) for ms in page.evaluate("() => window.__crmBench.clicks"))


def record_frames(page: Page, on: bool) -> tuple[float, ...]:
    """Start recording animation frames (`on`), or stop and return their timestamps."""
    page.evaluate("(on) => window.__crmBench.record(on)", on)
    if on:
        return ()
    return tuple(float(t) for t in page.evaluate("() => window.__crmBench.frames"))
