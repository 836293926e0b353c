import { readFile } from 'node:fs/promises';

export interface ProcessFigures {
  name: string;
  pid: number;
  /** Resident memory just before the load, bytes. */
  idleRss: number;
  /** The highest resident memory seen while the load ran, bytes. */
  peakRss: number;
  /** Resident memory when the load ended, bytes. */
  endRss: number;
  /** CPU time (user + system) the process used while the load ran. */
  cpuSeconds: number;
}

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS = 100;

/** The resident memory of a process now, bytes (0 once it has gone). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

async function cpuTicksOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

/** Runs `work` while sampling the memory and CPU of `processes` every 200 ms. */
export async function sampleWhile<T>(processes: readonly { name: string; pid: number }[], work: () => Promise<T>): Promise<{ value: T; figures: ProcessFigures[] }> {
  const figures = await Promise.all(
    processes.map(async ({ name, pid }) => {
      const idleRss = await rssOf(pid);
      return { name, pid, idleRss, peakRss: idleRss, endRss: idleRss, cpuSeconds: 0, startTicks: await cpuTicksOf(pid) };
    }),
  );
  const sample = async (): Promise<void> => {
    for (const figure of figures) figure.peakRss = Math.max(figure.peakRss, await rssOf(figure.pid));
  };
  const timer = setInterval(() => void sample(), 200);
  try {
    const value = await work();
    await sample();
    for (const figure of figures) figure.endRss = await rssOf(figure.pid);
    for (const figure of figures) figure.cpuSeconds = ((await cpuTicksOf(figure.pid)) - figure.startTicks) / TICKS;
    return { value, figures: figures.map(({ startTicks: _start, ...figure }) => figure) };
  } finally {
    clearInterval(timer);
  }
}
