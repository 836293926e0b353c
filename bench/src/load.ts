// The load generator, run by main.ts in a process of its own so that it does not share a CPU queue with
// the server it measures: autocannon posts webhook calls for one workload, checks every answer, and
// prints one JSON line with what it saw.
// Usage: node bench/src/load.ts --url http://127.0.0.1:3000/api/v1/flows/<id>/webhook --workload w1
//        [--connections 50] [--seconds 20] [--conversations 1000]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { expectedAnswer, requestFor, type Workload } from './workloads.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    workload: { type: 'string', default: 'w1' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    conversations: { type: 'string', default: '1000' },
  },
});
const url = values.url;
if (url === undefined) throw new Error('--url is required: the webhook URL of the published workload flow');
const workload: Workload = values.workload === 'w2' ? 'w2' : 'w1';

/** What each connection sent last: its answer is checked against it (one request in flight per connection). */
const sent = new WeakMap<object, string>();
let counter = 0;
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
        counter += 1;
        const { body, text, conversationId } = requestFor(workload, counter, Number(values.conversations));
        sent.set(context, text);
        return { ...request, body, headers: { ...request.headers, 'content-type': 'application/json', 'x-conversation-id': conversationId } };
      },
      onResponse: (status, body, context) => {
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
