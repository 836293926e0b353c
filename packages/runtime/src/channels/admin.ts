import type { ChannelAdapter } from '@switchboard/channels';
import type { CredentialsRepository, Database } from '@switchboard/db';
import { newId } from '@switchboard/flow-schema';
import { z } from 'zod';
import { notFound, requireUuid } from '../errors.ts';
import { toJson } from '../json.ts';
import { SwitchboardError } from '../service.ts';
import type { ChannelHost, ChannelRow, ChannelStatus } from './host.ts';

export interface ChannelView {
  id: string;
  name: string;
  type: string;
  flowId: string | null;
  flowName: string | null;
  config: unknown;
  credentialId: string | null;
  /** The persona model nodes use on this channel when they ask for the channel's. */
  personaId: string | null;
  personaName: string | null;
  status: ChannelStatus;
  /** Where the platform must send webhook deliveries, when this channel takes them. */
  webhookPath: string;
  createdAt: string;
  updatedAt: string;
}

const channelFields = {
  name: z.string().trim().min(1, 'give the channel a name').max(200),
  type: z.string().min(1).max(64),
  flowId: z.uuid('flowId must be the id of a flow').nullable(),
  credentialId: z.uuid('credentialId must be the id of a stored credential').nullable(),
  personaId: z.uuid('personaId must be the id of a persona').nullable(),
  config: z.record(z.string(), z.unknown()),
};

const ChannelInput = z.object({
  ...channelFields,
  flowId: channelFields.flowId.default(null),
  credentialId: channelFields.credentialId.default(null),
  personaId: channelFields.personaId.default(null),
  config: channelFields.config.default({}),
});
export type ChannelInput = z.input<typeof ChannelInput>;

// Built from the fields without their defaults: zod applies a default inside .partial(), so a patch
// that leaves flowId out would otherwise unbind the channel and drop its credential.
const ChannelPatch = z.object(channelFields).partial().omit({ type: true });
export type ChannelPatch = z.input<typeof ChannelPatch>;

const select = { id: true, name: true, type: true, flowId: true, config: true, credentialId: true, personaId: true, createdAt: true, updatedAt: true, flow: { select: { name: true } }, persona: { select: { name: true } } } as const;

function invalid(error: z.ZodError): SwitchboardError {
  return new SwitchboardError(400, 'invalid_channel', error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
}

/** Creating, changing and deleting channels; each change restarts the channel in the host. */
export class ChannelAdmin {
  readonly #db: Database;
  readonly #host: ChannelHost;
  readonly #adapters: readonly ChannelAdapter[];
  readonly #credentials: CredentialsRepository;
  /** Told when a channel's persona may have changed. */
  readonly #personas: { invalidate(): void } | undefined;

  constructor(db: Database, host: ChannelHost, adapters: readonly ChannelAdapter[], credentials: CredentialsRepository, personas?: { invalidate(): void }) {
    this.#db = db;
    this.#host = host;
    this.#adapters = adapters;
    this.#credentials = credentials;
    this.#personas = personas;
  }

  /** The platform types this server can connect, with what each needs. */
  types(): { type: string; credentialType: string; capabilities: ChannelAdapter['capabilities'] }[] {
    return this.#adapters.map((adapter) => ({ type: adapter.type, credentialType: adapter.credentialType, capabilities: adapter.capabilities }));
  }

  async list(): Promise<ChannelView[]> {
    const rows = await this.#db.prisma.channel.findMany({ select, orderBy: { createdAt: 'asc' } });
    return rows.map((row) => this.#view(row));
  }

  async get(id: string): Promise<ChannelView> {
    requireUuid('channel', id);
    const row = await this.#db.prisma.channel.findUnique({ where: { id }, select });
    if (!row) throw notFound('channel', id);
    return this.#view(row);
  }

  async create(input: unknown): Promise<ChannelView> {
    const parsed = ChannelInput.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const { name, type, flowId, credentialId, personaId } = parsed.data;
    const adapter = this.#adapter(type);
    const config = this.#config(adapter, parsed.data.config);
    await this.#check(adapter, flowId, credentialId);
    await this.#checkPersona(personaId);
    const id = newId();
    await this.#db.prisma.channel.create({ data: { id, name, type, flowId, credentialId, personaId, config: toJson(config), status: 'configured' } });
    this.#personas?.invalidate();
    await this.#host.refresh(id);
    return this.get(id);
  }

  async update(id: string, patch: unknown): Promise<ChannelView> {
    requireUuid('channel', id);
    const parsed = ChannelPatch.safeParse(patch);
    if (!parsed.success) throw invalid(parsed.error);
    const current = await this.#db.prisma.channel.findUnique({ where: { id }, select });
    if (!current) throw notFound('channel', id);
    const adapter = this.#adapter(current.type);
    const next = parsed.data;
    const config = next.config === undefined ? undefined : this.#config(adapter, next.config);
    await this.#check(adapter, next.flowId === undefined ? null : next.flowId, next.credentialId === undefined ? null : next.credentialId);
    await this.#checkPersona(next.personaId ?? null);
    await this.#db.prisma.channel.update({
      where: { id },
      data: {
        ...(next.name !== undefined ? { name: next.name } : {}),
        ...(next.flowId !== undefined ? { flowId: next.flowId } : {}),
        ...(next.credentialId !== undefined ? { credentialId: next.credentialId } : {}),
        ...(next.personaId !== undefined ? { personaId: next.personaId } : {}),
        ...(config !== undefined ? { config: toJson(config) } : {}),
      },
    });
    this.#personas?.invalidate();
    await this.#host.refresh(id);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    requireUuid('channel', id);
    const { count } = await this.#db.prisma.channel.deleteMany({ where: { id } });
    if (count === 0) throw notFound('channel', id);
    await this.#host.refresh(id);
  }

  #adapter(type: string): ChannelAdapter {
    const adapter = this.#adapters.find((candidate) => candidate.type === type);
    if (!adapter) throw new SwitchboardError(400, 'unknown_channel_type', `unknown channel type "${type}": use one of ${this.#adapters.map((candidate) => candidate.type).join(', ')}`);
    return adapter;
  }

  #config(adapter: ChannelAdapter, config: Record<string, unknown>): unknown {
    const parsed = adapter.config.safeParse(config);
    if (!parsed.success) throw new SwitchboardError(400, 'invalid_channel_config', parsed.error.issues.map((issue) => `config.${issue.path.join('.')}: ${issue.message}`).join('; '));
    return parsed.data;
  }

  async #check(adapter: ChannelAdapter, flowId: string | null, credentialId: string | null): Promise<void> {
    if (flowId !== null && !(await this.#db.prisma.flow.findUnique({ where: { id: flowId }, select: { id: true } }))) {
      throw new SwitchboardError(400, 'flow_not_found', `no flow with id ${flowId} to bind the channel to`);
    }
    if (credentialId !== null) {
      if (adapter.credentialType === '') throw new SwitchboardError(400, 'credential_not_needed', `a ${adapter.type} channel takes no credential: leave credentialId out`);
      const credential = await this.#credentials.get(credentialId);
      if (!credential) throw new SwitchboardError(400, 'credential_not_found', `no credential with id ${credentialId}`);
      if (credential.type !== adapter.credentialType) {
        throw new SwitchboardError(400, 'wrong_credential_type', `a ${adapter.type} channel needs a ${adapter.credentialType} credential; ${credential.name} is a ${credential.type} credential`);
      }
    }
  }

  async #checkPersona(personaId: string | null): Promise<void> {
    if (personaId !== null && !(await this.#db.prisma.persona.findUnique({ where: { id: personaId }, select: { id: true } }))) {
      throw new SwitchboardError(400, 'persona_not_found', `no persona with id ${personaId}: GET /api/v1/personas lists them`);
    }
  }

  #view(row: StoredChannel): ChannelView {
    return {
      ...toRow(row),
      flowName: row.flow?.name ?? null,
      personaId: row.personaId,
      personaName: row.persona?.name ?? null,
      status: this.#host.status(row.id),
      webhookPath: `/api/v1/channels/${row.id}/webhook`,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

/** Every stored channel, as the host starts them. */
export async function channelRows(db: Database): Promise<ChannelRow[]> {
  return (await db.prisma.channel.findMany({ select, orderBy: { createdAt: 'asc' } })).map(toRow);
}

export async function channelRow(db: Database, id: string): Promise<ChannelRow | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const found = await db.prisma.channel.findUnique({ where: { id }, select });
  return found ? toRow(found) : undefined;
}

interface StoredChannel {
  id: string;
  name: string;
  type: string;
  flowId: string | null;
  config: unknown;
  credentialId: string | null;
  personaId: string | null;
  createdAt: Date;
  updatedAt: Date;
  flow: { name: string } | null;
  persona: { name: string } | null;
}

function toRow(row: StoredChannel): ChannelRow {
  return { id: row.id, name: row.name, type: row.type, flowId: row.flowId, config: row.config, credentialId: row.credentialId };
}
