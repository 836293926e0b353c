// The load generator, run by main.ts in a process of its own so that it does not share a CPU queue with
// the server it measures: autocannon posts webhook calls for one workload (W3: telegram.ts delivers
// Telegram updates and serves the Bot API), checks every answer, and prints one JSON line with what it saw.
// Usage: node bench/src/load.ts --url http://127.0.0.1:3000/api/v1/flows/<id>/webhook --workload w1
//        [--connections 50] [--seconds 20] [--conversations 1000] [--telegram-port <port> --telegram-secret <secret>]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { driveTelegram } from './telegram.ts';
import { expectedAnswer, formStep, isWorkload, requestFor } from './workloads.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    workload: { type: 'string', default: 'w1' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    conversations: { type: 'string', default: '1000' },
    'telegram-port': { type: 'string' },
    'telegram-secret': { type: 'string' },
  },
});
const url = values.url;
if (url === undefined) throw new Error('--url is required: the webhook URL of the published workload flow');
const workload = values.workload;
if (!isWorkload(workload)) throw new Error(`unknown workload ${workload}`);
const conversations = Number(values.conversations);

if (workload === 'w3') {
  const port = values['telegram-port'];
  const secret = values['telegram-secret'];
  if (port === undefined || secret === undefined) throw new Error('W3 needs --telegram-port and --telegram-secret: the port the channel sends to, and its webhook secret');
  const seen = await driveTelegram({ url, port: Number(port), secret, connections: Number(values.connections), seconds: Number(values.seconds), conversations });
  process.stdout.write(`${JSON.stringify(seen)}\n`);
  // The Telegram server's sent-event listener holds a timer: stop here rather than wait it out.
  process.exit(0);
}
/** W4 conversations are new in every run: a run's first message must find its form at the start. */
const runId = randomBytes(4).toString('hex');

/** What each connection sent last: its answer is checked against it (one request in flight per connection). */
const sent = new WeakMap<object, string>();
let counter = 0;
/**
 * W4: conversations wait in a queue; a request takes the next one (so no two requests of one
 * conversation are ever in flight), and its answer moves that conversation on a step and back in line.
 * (autocannon gives every request a fresh context, so state lives here, keyed by that context.)
 */
const idle = Array.from({ length: conversations }, (_, k) => k);
const steps = new Array<number>(conversations).fill(0);
const inFlight = new WeakMap<object, { conversation: number; expected: string }>();

function formRequest(context: object): { body: string } {
  const conversation = idle.shift() ?? 0;
  const id = `${runId}-${String(conversation)}`;
  const { text, reply } = formStep(id, steps[conversation] ?? 0);
  inFlight.set(context, { conversation, expected: reply });
  return { body: JSON.stringify({ conversationId: `form-${id}`, text }) };
}

/** Checks a W4 answer, and puts its conversation back in line at its next step (or where it was, on an error). */
function formAnswered(context: object, status: number, body: string): boolean {
  const sentFor = inFlight.get(context);
  if (!sentFor) return false;
  idle.push(sentFor.conversation);
  if (status !== 200) return false;
  steps[sentFor.conversation] = ((steps[sentFor.conversation] ?? 0) + 1) % 6;
  const parsed: unknown = JSON.parse(body);
  const replies = typeof parsed === 'object' && parsed !== null && 'replies' in parsed && Array.isArray(parsed.replies) ? parsed.replies : [];
  const texts = replies.map((reply: unknown) => (typeof reply === 'object' && reply !== null && 'text' in reply ? String(reply.text) : ''));
  if (texts.length === 1 && texts[0] === sentFor.expected) return false;
  if (wrongSamples.length < 3) wrongSamples.push(`${sentFor.expected} → ${body.slice(0, 200)}`);
  return true;
}

let wrong = 0;
const wrongSamples: string[] = [];

const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(values.connections),
  duration: Number(values.seconds),
  pipelining: 1,
  headers: { 'content-type': 'application/json' },
  requests: [
    {
      setupRequest: (request, context) => {
        if (workload === 'w4') return { ...request, ...formRequest(context) };
        counter += 1;
        const { body, text, conversationId } = requestFor(workload, counter, conversations);
        sent.set(context, text);
        return { ...request, body, headers: { ...request.headers, 'content-type': 'application/json', 'x-conversation-id': conversationId } };
      },
      onResponse: (status, body, context) => {
        if (workload === 'w4') {
          if (formAnswered(context, status, body)) wrong += 1;
          return;
        }
        const text = sent.get(context);
        if (status !== 200 || text === undefined) return; // counted by autocannon as a non-2xx
        if (body !== expectedAnswer(workload, text)) {
          wrong += 1;
          if (wrongSamples.length < 3) wrongSamples.push(`${text} → ${body.slice(0, 200)}`);
        }
      },
    },
  ],
});

process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    wrong,
    wrongSamples,
  })}\n`,
);
