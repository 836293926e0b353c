// `npm run bench:editor`: the flow editor with a 300-node flow in Debian's Chromium at 1280×800, as an
// operator would open it: time until the canvas shows nodes and answers (time to interactive), frame
// times while panning and zooming for 5 s, and frame times while dragging a node.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startProcesses } from './processes.ts';

const NODES = 300;
const COLUMNS = 20;

/** A chat trigger and 299 template nodes in a chain, laid out on a grid (what a big flow looks like). */
function bigFlow(): unknown {
  const nodes = Array.from({ length: NODES }, (_, index) => ({
    id: index === 0 ? 'in' : `t${String(index)}`,
    type: index === 0 ? 'trigger.chat' : 'logic.template',
    typeVersion: 1,
    config: index === 0 ? {} : { template: `step ${String(index)}` },
    position: { x: (index % COLUMNS) * 260, y: Math.floor(index / COLUMNS) * 160 },
  }));
  const edges = nodes.slice(1).map((node, index) => ({ id: `e${String(index)}`, source: nodes[index]?.id ?? 'in', sourcePort: index === 0 ? 'message' : 'text', target: node.id, targetPort: 'in' }));
  return { schemaVersion: 1, name: 'Editor benchmark: 300 nodes', nodes, edges };
}

/** Frame times (ms) the page sees from now until `stop` is called in the page. */
const RECORD = `(() => {
  const times = []; let last = performance.now(); let on = true;
  const tick = (now) => { times.push(now - last); last = now; if (on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.__frames = () => { on = false; return times; };
})()`;

function summary(frames: number[]): string {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const total = frames.reduce((sum, frame) => sum + frame, 0);
  return `${String(frames.length)} frames, ${(frames.length / (total / 1000)).toFixed(1)} frames/s, frame p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`;
}

const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-editor-'));
const started = await startProcesses({ dataDir, workers: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const created = await fetch(`${started.origin}/api/v1/flows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bigFlow()) });
  const flow: unknown = await created.json();
  if (typeof flow !== 'object' || flow === null || !('id' in flow) || typeof flow.id !== 'string') throw new Error(`import failed: ${JSON.stringify(flow)}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Once, so that the pages' code is compiled and cached like on an operator's second visit.
  await page.goto(`${started.origin}/flows/${flow.id}`);
  await page.locator('.react-flow__node').first().waitFor();

  const openedAt = Date.now();
  await page.goto(`${started.origin}/flows/${flow.id}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const interactiveMs = Date.now() - openedAt;
  const rendered = await page.locator('.react-flow__node').count();
  process.stdout.write(`open a ${String(NODES)}-node flow: interactive after ${String(interactiveMs)} ms (${String(rendered)} nodes rendered)\n`);

  const pane = page.locator('.react-flow__pane');
  const box = await pane.boundingBox();
  if (!box) throw new Error('no canvas');
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.evaluate(RECORD);
  const until = Date.now() + 5_000;
  for (let step = 0; Date.now() < until; step += 1) {
    if (step % 2 === 0) {
      await page.mouse.move(centre.x, centre.y);
      await page.mouse.down();
      for (let i = 0; i < 20; i += 1) await page.mouse.move(centre.x + Math.cos(i / 3) * 150, centre.y + Math.sin(i / 3) * 100);
      await page.mouse.up();
    } else {
      for (let i = 0; i < 10; i += 1) await page.mouse.wheel(0, i < 5 ? -120 : 120);
    }
  }
  const panFrames: number[] = await page.evaluate('window.__frames()');
  process.stdout.write(`pan and zoom for 5 s: ${summary(panFrames.slice(1))}\n`);

  // The node nearest the canvas's centre: the first node in the page may lie outside the view (fitting
  // 300 nodes stops at the minimum zoom), and a drag that starts off the canvas drags nothing.
  const nearest: unknown = await page.evaluate(`(() => {
    const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
    const cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;
    let best, bestDistance = Infinity;
    for (const element of document.querySelectorAll('.react-flow__node')) {
      const box = element.getBoundingClientRect();
      const distance = Math.hypot(box.x + box.width / 2 - cx, box.y + box.height / 2 - cy);
      if (distance < bestDistance) { best = element.getAttribute('data-id'); bestDistance = distance; }
    }
    return best;
  })()`);
  if (typeof nearest !== 'string') throw new Error('no node in view');
  const node = page.locator(`.react-flow__node[data-id="${nearest}"]`);
  const nodeBox = await node.boundingBox();
  if (!nodeBox) throw new Error('no node to drag');
  await page.evaluate(RECORD);
  const dragStarted = Date.now();
  await page.mouse.move(nodeBox.x + 20, nodeBox.y + 10);
  await page.mouse.down();
  for (let i = 1; i <= 60; i += 1) await page.mouse.move(nodeBox.x + 20 + i * 4, nodeBox.y + 10 + i * 2);
  await page.mouse.up();
  const dragMs = Date.now() - dragStarted;
  const dragFrames: number[] = await page.evaluate('window.__frames()');
  process.stdout.write(`drag a node 60 steps (${String(dragMs)} ms): ${summary(dragFrames.slice(1))}\n`);
} finally {
  await browser.close();
  await started.stop();
  await rm(dataDir, { recursive: true, force: true });
}
