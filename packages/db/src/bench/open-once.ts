// Measures one open and close of a database: `node open-once.ts <dataDir> [url]`.
// Prints JSON: open time, RSS after open, peak RSS of this process (initdb runs in a child: not included).
import { openDatabase } from '../open.ts';

const [dataDir, url] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: node open-once.ts <dataDir> [url]');
const started = performance.now();
const db = await openDatabase({ dataDir, url });
const openMs = Math.round(performance.now() - started);
const rssMb = Math.round(process.memoryUsage.rss() / 1e6);
await db.close();
console.log(JSON.stringify({ kind: db.kind, openMs, rssAfterOpenMb: rssMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1e3) }));
