// Driving the lab the way a learner does: find a named button or segment
// through the page's test hook (Module.labHitTargets: what was drawn last
// frame, in CSS pixels), click those canvas coordinates with the mouse, and
// read the outcome back through Module.labSnapshot.
export async function frames(page, n = 2) {
  const start = await page.evaluate(() => window.Module.framesRendered);
  await page.waitForFunction((s) => window.Module.framesRendered >= s, start + n);
}

export async function targets(page) {
  return JSON.parse(await page.evaluate(() => window.Module.labHitTargets()));
}

export async function snapshot(page) {
  return JSON.parse(await page.evaluate(() => window.Module.labSnapshot()));
}

// Clicks the centre of the target `name` (exact, or the first whose name passes the predicate).
export async function click(page, name) {
  const all = await targets(page);
  const t = typeof name === 'function' ? all.find((x) => name(x.name)) : all.find((x) => x.name === name);
  if (!t) throw new Error(`nothing named ${name} on screen; have: ${all.map((x) => x.name).join(', ')}`);
  await page.mouse.click(t.x + t.w / 2, t.y + t.h / 2);
  await frames(page, 3);
  return t;
}

// Waits until `predicate(snapshot)` holds (evaluated in the page every frame).
export async function until(page, predicate, timeout = 60000) {
  await page.waitForFunction(
    (src) => {
      const s = JSON.parse(window.Module.labSnapshot());
      return new Function('s', `return (${src})(s)`)(s);
    },
    predicate.toString(),
    { timeout, polling: 'raf' },
  );
  return snapshot(page);
}

// Scrolls the panel under `over` (a target name) with the mouse wheel until `name` is on screen.
export async function reveal(page, name, over) {
  let at = null;  // where `over` was: the wheel keeps turning there after it scrolls away
  for (let i = 0; i < 30; i++) {
    const all = await targets(page);
    if (all.some((x) => x.name === name)) return;
    const o = all.find((x) => x.name === over);
    if (o) at = { x: o.x + o.w / 2, y: o.y + o.h / 2 };
    if (!at) throw new Error(`nothing named ${over} on screen`);
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, 120);
    await frames(page, 3);
  }
  throw new Error(`could not scroll ${name} into view`);
}

// Sets the speed slider to its slowest (0.1x) by clicking its left end.
export async function slowest(page) {
  const sp = (await targets(page)).find((x) => x.name === 'time.speed');
  await page.mouse.click(sp.x + 1, sp.y + sp.h / 2);
  await frames(page, 3);
}

// Moves the mouse off every control (no tooltip in the picture) and saves a screenshot.
export async function picture(page, path) {
  await page.mouse.move(1275, 715);
  await frames(page, 4);
  await page.screenshot({ path });
}

// Presses `key` until the clock runs (want=true) or stops (want=false): a
// key or click that lands while a slow frame is still being drawn can be
// lost on a loaded machine, and the lesson under test is not that.
export async function toggle_clock(page, want, press) {
  for (let i = 0; i < 4; i++) {
    await press();
    try {
      await until(page, new Function('s', `return s.playing === ${want}`), 3000);
      return;
    } catch {}
  }
  throw new Error(`the clock did not ${want ? 'start' : 'stop'} after 4 tries`);
}

// Waits until the lesson in `page` has reached its end (its results are in) and a few frames show it.
export async function lessonEnded(page) {
  await page.waitForFunction(() => window.tcplab.results() !== null, null, { timeout: 60000, polling: 500 });
  await frames(page, 4);
}
