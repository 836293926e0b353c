import { hostname } from 'node:os';
import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { createCredentialsRepository, createSecretBox, openDatabase } from '@switchboard/db';
import type { Database } from '@switchboard/db';
import type { RunLimits } from '@switchboard/engine';
import { newId } from '@switchboard/flow-schema';
import { nodeRegistry } from '@switchboard/nodes/definitions';
import { channelAdapters, findImplementation } from '@switchboard/nodes/server';
import { channelRow, channelRows } from '../channels/admin.ts';
import { ChannelHost } from '../channels/host.ts';
import { Outbox } from '../channels/outbox.ts';
import { credentialLoader } from '../credentials.ts';
import { executeTurn, givenUpTurn, versionFor } from '../execute-turn.ts';
import type { ChannelDownload, ExecutedTurn, TurnServices } from '../execute-turn.ts';
import { PersonaStore } from '../personas.ts';
import { SpendLedger } from '../spend.ts';
import { PlanCache } from '../plans.ts';
import { SwitchboardError } from '../service.ts';
import type { LiveEvent } from '../service.ts';
import { TurnWriter } from '../turn-writer.ts';
import { claimNext, countCrash, delayedUntil, discardCheckpoints, enqueueDueTimers, loadJournal, markSkipped, pruneInbox, runnableConversations, saveCheckpoint, timerKey } from './inbox.ts';
import type { Claimed } from './inbox.ts';
import { BACKGROUND_QUEUE, connectRedis, logErrors, redactUrl, replyChannel, TIMERS_QUEUE, TURNS_QUEUE, waitForRedis } from './redis.ts';
import { holdLease } from './lease.ts';
import type { Lease, LeaseHandle } from './lease.ts';
import { pokeOptions } from './poke.ts';
import type { ReplyNotice } from './poke.ts';

export interface WorkerOptions {
  databaseUrl: string;
  redisUrl: string;
  secretKey: Buffer;
  /** Conversations worked on at once by this process. */
  concurrency?: number;
  prefix?: string;
  /** How long a job's lock lasts without renewal; a worker silent for this long is presumed dead. */
  lockDurationMs?: number;
  /** How often the reconciler compares the database with the queue. */
  reconcileMs?: number;
  /** Workers that may die running one inbox row before it is given up as a message that kills them. */
  maxCrashes?: number;
  /** Turns one job runs before it yields its slot to other conversations. */
  turnsPerJob?: number;
  limits?: Partial<RunLimits>;
  logger?: (line: string) => void;
  /** How nodes fetch a channel message's attachments (the channel host's download); without it they cannot. */
  download?: ChannelDownload;
}

export interface WorkerHealth {
  ok: boolean;
  database: boolean;
  redis: boolean;
  active: number;
  turns: number;
  startedAt: string;
}

export interface QueueWorker {
  readonly id: string;
  health(): Promise<WorkerHealth>;
  /**
   * Keeps `task` running on exactly one worker of the cluster (a channel's long polling or socket):
   * every worker registers it, one holds the lease in Redis and runs it, and another takes over
   * within `ttlMs` (default 15 s) when that one dies. The task must stop when `lease.signal` aborts.
   */
  runOnce(name: string, task: (lease: Lease) => Promise<void>, options?: { ttlMs?: number }): void;
  /** Runs the reconciler now (it also runs every reconcileMs). */
  reconcile(): Promise<void>;
  /** Stops taking jobs, lets the running ones finish and be written, then closes every connection. */
  close(): Promise<void>;
}

/**
 * A queue-mode worker: runs conversation turns from the inbox as BullMQ jobs direct it, fires timers,
 * runs background jobs, and reconciles the queue with the database.
 */
export async function startWorker(options: WorkerOptions): Promise<QueueWorker> {
  const log = options.logger ?? ((): void => undefined);
  const prefix = options.prefix ?? 'switchboard';
  const id = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  const maxCrashes = options.maxCrashes ?? 3;
  const turnsPerJob = options.turnsPerJob ?? 10;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const reconcileMs = options.reconcileMs ?? 10_000;

  // Two connections: BullMQ's workers wait out a Redis outage on `blocking`; everything else (adding
  // jobs, answers, the reconciler's key, health) fails fast on `commands`, so a step whose Redis half
  // fails falls back (on the reconciler, on the database poll) instead of hanging.
  const blocking = connectRedis(options.redisUrl, 'blocking', log, `worker-${id}`);
  const commands = connectRedis(options.redisUrl, 'command', log, `worker-commands-${id}`);
  const disconnect = (): void => {
    blocking.disconnect();
    commands.disconnect();
  };
  let db: Database;
  try {
    await Promise.all([waitForRedis(blocking, options.redisUrl), waitForRedis(commands, options.redisUrl)]);
    db = await openDatabase({ url: options.databaseUrl, dataDir: '', logger: log });
  } catch (error) {
    disconnect();
    throw error;
  }
  const credentials = createCredentialsRepository(db.prisma, createSecretBox(options.secretKey));
  const plans = new PlanCache(db, nodeRegistry, credentialLoader(credentials));
  const ledger = new SpendLedger({ pool: db.pool });
  const writer = new TurnWriter(db.pool, {
    lanes: 2,
    prepared: true,
    onCommitted: (writes) => {
      ledger.record(writes);
    },
  });
  // Attachments are fetched through this worker's own (send-only) channel host, made below.
  const services: TurnServices = { personas: new PersonaStore(db), ledger, download: options.download ?? ((channelId, attachment, signal) => channels.download(channelId, attachment, signal)) };
  // The worker that runs a channel conversation's turn sends its replies: the web tier may have
  // answered the platform long before (or no request waits at all, for delays and time-outs).
  const openDb = db;
  const channels = new ChannelHost({
    loadChannels: () => channelRows(openDb),
    loadChannel: (channelId) => channelRow(openDb, channelId),
    credentials,
    publishedPlan: (flowId) => plans.forFlow(flowId),
    chat: () => Promise.reject(new Error('workers do not take channel messages: the web tier records them')),
    adapters: channelAdapters,
    log,
    sendOnly: true,
    outbox: { store: new Outbox(db.pool) },
  });
  await channels.start();
  const pool = db.pool;
  const queueConnection = { connection: commands, prefix };
  const turnsQueue = new Queue(TURNS_QUEUE, queueConnection);
  const timersQueue = new Queue(TIMERS_QUEUE, queueConnection);
  const backgroundQueue = new Queue(BACKGROUND_QUEUE, queueConnection);
  for (const queue of [turnsQueue, timersQueue, backgroundQueue]) logErrors(queue, log, 'queue');
  let turns = 0;
  let active = 0;
  let closing = false;
  const startedAt = new Date().toISOString();

  const poke = async (conversationIds: readonly string[]): Promise<void> => {
    if (conversationIds.length === 0) return;
    await turnsQueue.addBulk(conversationIds.map((conversationId) => ({ name: 'drain', data: { conversationId }, opts: pokeOptions(conversationId) })));
  };

  const publish = (replyTo: string | null, notice: ReplyNotice): void => {
    if (replyTo === null) return;
    // Lost notices are fine: the web instance also polls the inbox for answers it still waits on.
    commands.publish(replyChannel(prefix, replyTo), JSON.stringify(notice)).catch(() => undefined);
  };

  const scheduleTimer = async (conversationId: string, resumeAt: number, round = 0): Promise<void> => {
    // Never sooner than 50 ms: a timer that came early must not spin.
    const delay = Math.max(round === 0 ? 0 : 50, resumeAt - Date.now());
    await timersQueue.add('due', { conversationId, round }, { delay, jobId: `timer-${conversationId}-${resumeAt}-${round}`, removeOnComplete: true, removeOnFail: { age: 86_400 } });
  };

  /** Runs one claimed row; false when the turn was fenced out (another worker owns the conversation now). */
  const runClaimed = async (claimed: Claimed): Promise<boolean> => {
    const runId = claimed.id;
    const conversation = claimed.conversation;
    // A timer whose wait is over (a message answered the ask first, or it fired already) needs no turn.
    if (claimed.kind === 'timer' && claimed.dedupeKey !== timerKey(conversation.state)) {
      await markSkipped(pool, claimed.id);
      return true;
    }
    // Made now, like the replies' ids: a conversation's messages sort in the order they were answered.
    const inboundId = claimed.kind === 'timer' ? null : newId();
    const userId = claimed.event.userId ?? conversation.userId;
    const subject = { ...conversation, userId };
    const versionId = versionFor(conversation.state, claimed.flowVersionId);
    let turn: ExecutedTurn;
    if (claimed.crashes >= maxCrashes) {
      const message = `gave up after ${claimed.crashes} attempts: every worker that ran this turn stopped before finishing it (it may exhaust memory or crash the process)`;
      log(`conversation ${conversation.id}: ${message}`);
      turn = givenUpTurn({ conversation: subject, event: claimed.event, runId: runId, inboundId, inboxId: claimed.id, versionId, message });
    } else {
      const loaded = await plans.forVersion(versionId).catch((error: unknown) => {
        // A version this worker cannot run fails the turn with the reason; anything else is retried.
        if (error instanceof SwitchboardError) return error;
        throw error;
      });
      if (loaded instanceof SwitchboardError) {
        turn = givenUpTurn({ conversation: subject, event: claimed.event, runId: runId, inboundId, inboxId: claimed.id, versionId, message: loaded.message });
      } else {
        const journal = claimed.hasCheckpoints ? await loadJournal(pool, runId) : undefined;
        if (claimed.crashes > 0 || journal) log(`conversation ${conversation.id}: running turn ${runId} again (${journal?.size ?? 0} checkpointed node(s) replayed)`);
        const replyTo = claimed.replyTo;
        const toWeb = claimed.stream && replyTo !== null ? (event: LiveEvent): void => {
          publish(replyTo, { id: claimed.id, event });
        } : undefined;
        // A channel turn's streamed answer grows in the chat as a draft, which its commit below finishes;
        // a draft left by an earlier attempt at this message goes first.
        channels.settleDraft(subject, claimed.event);
        const toChat = await channels.draftFor(subject, claimed.event).catch(() => undefined);
        const onEvent = toWeb && toChat ? (event: LiveEvent): void => { toWeb(event); toChat(event); } : (toWeb ?? toChat);
        try {
          turn = await executeTurn({
            conversation: subject,
            loaded,
            event: claimed.event,
            runId: runId,
            inboundId,
            inboxId: claimed.id,
            implementation: findImplementation,
            checkpoint: (entry) => saveCheckpoint(pool, runId, entry),
            services,
            ...(journal ? { journal } : {}),
            ...(options.limits ? { limits: options.limits } : {}),
            ...(onEvent ? { onEvent } : {}),
          });
        } catch (error) {
          // Whatever failed (the engine, the database) leaves no half-written draft in the chat.
          channels.settleDraft(subject, claimed.event);
          throw error;
        }
      }
    }
    const written = await writer.write(turn.write).catch((error: unknown) => {
      channels.settleDraft(subject, claimed.event);
      throw error;
    });
    if (!written) {
      log(`conversation ${conversation.id}: turn ${runId} not written: another worker committed this conversation first`);
      // Checkpoints this execution saved after the winner's commit had cleared them.
      await discardCheckpoints(pool, runId);
      channels.settleDraft(subject, claimed.event);
      // The winner may have stopped before rows recorded since: make sure a job comes for them.
      await poke([conversation.id]).catch(() => undefined);
      return false;
    }
    turns += 1;
    const waiting = turn.state.waiting;
    if (waiting?.resumeAt !== undefined) {
      // If this fails the reconciler finds the delay due in the database.
      await scheduleTimer(conversation.id, waiting.resumeAt).catch((error: unknown) => {
        log(`conversation ${conversation.id}: could not schedule its timer (${message(error)}); the reconciler will fire it`);
      });
    }
    publish(claimed.replyTo, { id: claimed.id, result: turn.result });
    channels.onCommitted({ conversation: subject, event: claimed.event, result: turn.result });
    return true;
  };

  const drain = async (job: Job<{ conversationId: string; counted?: number }>): Promise<void> => {
    const { conversationId } = job.data;
    // Explicit, not a silent re-run: the worker running this job stopped, so the conversation's first
    // pending row was in progress there. It is counted (a row that keeps killing workers is given
    // up), its checkpoints are replayed, and the turn_seq fence keeps a zombie from committing.
    // BullMQ never lowers stalledCounter: only a stall not yet counted (job.data.counted) is new.
    const counted = job.data.counted ?? 0;
    let suspect = job.stalledCounter > counted;
    if (suspect) log(`conversation ${conversationId}: the worker running it stopped (job stalled ${job.stalledCounter}×); carrying on here`);
    active += 1;
    try {
      for (let count = 0; count < turnsPerJob; count += 1) {
        // Stopping: leave the rest to another worker (or to this one after its restart).
        if (closing) break;
        const claimed = await claimNext(pool, conversationId);
        if (!claimed) return;
        if (suspect) {
          claimed.crashes = await countCrash(pool, claimed.id);
          await job.updateData({ ...job.data, counted: job.stalledCounter });
          suspect = false;
        }
        let written: boolean;
        try {
          written = await runClaimed(claimed);
        } catch (error) {
          // A turn that cannot be run or written (the database refuses its rows, say) counts like a
          // crash, so that it is given up after maxCrashes instead of blocking its conversation.
          await countCrash(pool, claimed.id).catch(() => undefined);
          throw error;
        }
        if (!written) return;
        // Nothing was behind it: done, without asking again. A row recorded since has poked this
        // conversation, and that poke waits as a follow-up job (keepLastIfActive).
        if (!claimed.more) return;
      }
    } finally {
      active -= 1;
    }
    // Yield the slot: a busy conversation must not starve the others. The follow-up job is kept even
    // though this one is still active (keepLastIfActive).
    await poke([conversationId]);
  };

  const workerSettings = {
    connection: blocking,
    prefix,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    // Our own count (maxCrashes) decides when a row is given up; BullMQ's is only a backstop.
    maxStalledCount: 10,
  };
  const turnsWorker = new Worker(TURNS_QUEUE, drain, { ...workerSettings, concurrency: options.concurrency ?? 16, autorun: false });
  const timersWorker = new Worker(
    TIMERS_QUEUE,
    async (job: Job<{ conversationId: string; round?: number }>) => {
      const { conversationId } = job.data;
      const due = await enqueueDueTimers(pool, conversationId);
      if (due.length > 0) {
        await poke(due);
        return;
      }
      // Early by this machine's clock against the database's: come back when the database says it is
      // due, backing off so that a skewed clock cannot make it spin.
      const remaining = await delayedUntil(pool, conversationId);
      const round = (job.data.round ?? 0) + 1;
      if (remaining !== undefined) await scheduleTimer(conversationId, Date.now() + Math.max(remaining, Math.min(50 * 2 ** round, 60_000)), round);
    },
    { ...workerSettings, concurrency: 4, autorun: false },
  );
  const backgroundWorker = new Worker(
    BACKGROUND_QUEUE,
    async (job: Job) => {
      if (job.name === 'prune-inbox') {
        const removed = await pruneInbox(pool, 7);
        if (removed > 0) log(`pruned ${removed} finished inbox row(s) older than 7 days`);
        return;
      }
      throw new Error(`no handler for background job ${job.name}`);
    },
    { ...workerSettings, concurrency: 1, autorun: false },
  );
  for (const worker of [turnsWorker, timersWorker, backgroundWorker]) {
    worker.on('failed', (job, error) => {
      log(`${worker.name} job ${job?.id ?? '?'} failed: ${error.message}`);
    });
    logErrors(worker, log, 'worker');
  }

  /**
   * The database is the truth, the queue a hint: every conversation with runnable rows gets a job
   * (pokes are de-duplicated, so this is idempotent), and every due delay a timer row. One worker
   * does it per interval.
   */
  const reconcile = async (): Promise<void> => {
    await poke(await enqueueDueTimers(pool));
    const runnable = await runnableConversations(pool);
    await poke(runnable);
  };
  let reconciling: Promise<void> | undefined;
  let lastPrune = 0;
  const reconcileTurn = async (): Promise<void> => {
    const token = await commands.set(`${prefix}:reconciler`, id, 'PX', Math.max(500, reconcileMs - 100), 'NX');
    if (token !== 'OK') return;
    await reconcile();
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      await backgroundQueue.add('prune-inbox', {}, { jobId: `prune-${Math.floor(Date.now() / 3_600_000)}`, removeOnComplete: true, removeOnFail: { age: 86_400 } });
    }
  };
  const runReconciler = (force: boolean): void => {
    reconciling ??= (force ? reconcile() : reconcileTurn())
      .catch((error: unknown) => {
        log(`reconciler: ${message(error)}`);
      })
      .finally(() => {
        reconciling = undefined;
      });
  };
  const interval = setInterval(() => {
    runReconciler(false);
  }, reconcileMs);
  // Redis came back (perhaps empty): put back what the database says is pending, at once.
  let seenReady = false;
  commands.on('ready', () => {
    if (seenReady) runReconciler(true);
    seenReady = true;
  });
  seenReady = commands.status === 'ready';

  void turnsWorker.run();
  void timersWorker.run();
  void backgroundWorker.run();
  await Promise.all([turnsWorker.waitUntilReady(), timersWorker.waitUntilReady(), backgroundWorker.waitUntilReady()]);
  runReconciler(true);
  log(`worker ${id} ready (redis ${redactUrl(options.redisUrl)}, ${options.concurrency ?? 16} conversations at once)`);

  const leases: LeaseHandle[] = [];
  let stopped: Promise<void> | undefined;
  const shutdown = async (): Promise<void> => {
    closing = true;
    clearInterval(interval);
    // Connections first, so that another worker can take them over while this one drains.
    await Promise.all(leases.map((lease) => lease.stop()));
    // Running turns finish and are written; queued jobs stay for the other workers.
    await Promise.all([turnsWorker.close(), timersWorker.close(), backgroundWorker.close()]);
    await reconciling;
    await writer.idle();
    await channels.close();
    await Promise.all([turnsQueue.close(), timersQueue.close(), backgroundQueue.close()]);
    await db.close();
    await Promise.all([quit(commands), quit(blocking)]);
  };

  return {
    id,
    runOnce(name, task, leaseOptions) {
      leases.push(holdLease(commands, name, task, { prefix, log, ...(leaseOptions?.ttlMs === undefined ? {} : { ttlMs: leaseOptions.ttlMs }) }));
    },
    async health() {
      // Both connections wait out outages: a probe that has not answered in 2 s counts as down.
      const [database, redis] = await Promise.all([answers(pool.query('SELECT 1')), answers(commands.ping())]);
      return { ok: database && redis && turnsWorker.isRunning(), database, redis, active, turns, startedAt };
    },
    async reconcile() {
      await reconcile();
    },
    close() {
      stopped ??= shutdown();
      return stopped;
    },
  };
}

async function quit(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

function answers(probe: Promise<unknown>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  return Promise.race([probe.then(() => true, () => false), timeout]).finally(() => {
    clearTimeout(timer);
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

