import type { Database } from '@switchboard/db';
import { Prisma } from '@switchboard/db';
import { newId } from '@switchboard/flow-schema';
import type { Persona } from '@switchboard/flow-schema';
import { z } from 'zod';
import { isUuid, notFound, requireUuid } from './errors.ts';
import { SwitchboardError } from './service.ts';
import type { PersonaView } from './service.ts';

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is at most ${max} characters`)
    .nullable()
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value));

/** A persona as it is created or replaced (PUT): greeting and style may be left out. */
const PersonaInput = z.strictObject({
  name: z.string().trim().min(1, 'give the persona a name').max(80, 'a persona name is at most 80 characters'),
  systemPrompt: z.string().trim().min(1, 'write the persona\'s system prompt').max(20_000, 'the system prompt is at most 20000 characters'),
  greeting: optionalText(2000, 'the greeting'),
  style: optionalText(4000, 'the style'),
});
export type PersonaInput = z.input<typeof PersonaInput>;

interface PersonaRow {
  id: string;
  name: string;
  systemPrompt: string;
  greeting: string | null;
  style: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Snapshot {
  loadedAt: number;
  personas: Promise<PersonaRow[]>;
  /** Channel id → the persona it is set to use (channels without one are absent). */
  channels: Promise<Map<string, string>>;
}

/**
 * The persona library, and which persona each channel uses. Reads come from an in-process copy of
 * both (the library is small), dropped on every write through this store or the channel admin, and
 * read again after `ttlMs` so that other processes' writes (queue mode) show within that time.
 */
export class PersonaStore {
  readonly #db: Database;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #snapshot: Snapshot | undefined;

  constructor(db: Database, options: { ttlMs?: number; now?: () => number } = {}) {
    this.#db = db;
    this.#ttlMs = options.ttlMs ?? 5000;
    this.#now = options.now ?? Date.now;
  }

  async list(): Promise<PersonaView[]> {
    return (await this.#load().personas).map(view);
  }

  async get(id: string): Promise<PersonaView> {
    requireUuid('persona', id);
    const row = await this.#db.prisma.persona.findUnique({ where: { id } });
    if (!row) throw notFound('persona', id);
    return view(row);
  }

  async create(input: unknown): Promise<PersonaView> {
    const data = parse(input);
    const id = newId();
    await this.#nameFree(data.name, id);
    const row = await this.#write(() => this.#db.prisma.persona.create({ data: { id, ...data } }), data.name);
    return view(row);
  }

  /** Replaces the persona's fields (greeting and style left out are cleared). */
  async update(id: string, input: unknown): Promise<PersonaView> {
    requireUuid('persona', id);
    const data = parse(input);
    if (!(await this.#db.prisma.persona.findUnique({ where: { id }, select: { id: true } }))) throw notFound('persona', id);
    await this.#nameFree(data.name, id);
    const row = await this.#write(async () => {
      const [updated] = await this.#db.prisma.persona.updateManyAndReturn({ where: { id }, data });
      if (!updated) throw notFound('persona', id);
      return updated;
    }, data.name);
    return view(row);
  }

  /** Channels using the persona go without one. */
  async delete(id: string): Promise<void> {
    requireUuid('persona', id);
    const { count } = await this.#db.prisma.persona.deleteMany({ where: { id } });
    this.invalidate();
    if (count === 0) throw notFound('persona', id);
  }

  /**
   * The persona a node asks for: by id, else by name (ignoring case); without `ref`, the persona of
   * the channel the turn came from. Undefined when there is none.
   */
  async resolve(ref?: string, channelId?: string): Promise<Persona | undefined> {
    const snapshot = this.#load();
    const personas = await snapshot.personas;
    if (ref === undefined) {
      if (channelId === undefined) return undefined;
      const personaId = (await snapshot.channels).get(channelId);
      const row = personaId === undefined ? undefined : personas.find((persona) => persona.id === personaId);
      return row ? toPersona(row) : undefined;
    }
    const wanted = ref.trim();
    const lower = wanted.toLowerCase();
    const row = (isUuid(wanted) ? personas.find((persona) => persona.id === wanted.toLowerCase()) : undefined) ?? personas.find((persona) => persona.name.toLowerCase() === lower);
    return row ? toPersona(row) : undefined;
  }

  /** Drops the cached copy: the next read comes from the database. */
  invalidate(): void {
    this.#snapshot = undefined;
  }

  #load(): Snapshot {
    const now = this.#now();
    if (this.#snapshot && now - this.#snapshot.loadedAt < this.#ttlMs) return this.#snapshot;
    const snapshot: Snapshot = {
      loadedAt: now,
      personas: this.#db.prisma.persona.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      channels: this.#db.prisma.channel
        .findMany({ where: { personaId: { not: null } }, select: { id: true, personaId: true } })
        .then((rows) => {
          const channels = new Map<string, string>();
          for (const row of rows) if (row.personaId !== null) channels.set(row.id, row.personaId);
          return channels;
        }),
    };
    this.#snapshot = snapshot;
    // A failed read is not kept: the next call tries again.
    const forget = (): void => {
      if (this.#snapshot === snapshot) this.#snapshot = undefined;
    };
    snapshot.personas.catch(forget);
    snapshot.channels.catch(forget);
    return snapshot;
  }

  /** 409 when another persona has the name, in any case: nodes look personas up by name ignoring case. */
  async #nameFree(name: string, id: string): Promise<void> {
    const other = await this.#db.prisma.persona.findFirst({ where: { name: { equals: name, mode: 'insensitive' }, id: { not: id } }, select: { name: true } });
    if (other) throw nameTaken(name, other.name);
  }

  /** A write, with the unique index's refusal (a race with another writer) as the same 409. */
  async #write(write: () => Promise<PersonaRow>, name: string): Promise<PersonaRow> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw nameTaken(name, name);
      throw error;
    } finally {
      this.invalidate();
    }
  }
}

function parse(input: unknown): z.output<typeof PersonaInput> {
  const parsed = PersonaInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({ field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)', message: issue.message }));
  throw new SwitchboardError(400, 'invalid_persona', problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), problems);
}

function nameTaken(name: string, existing: string): SwitchboardError {
  return new SwitchboardError(409, 'persona_name_taken', `a persona named "${existing}" exists already: choose another name than "${name}"`, { field: 'name' });
}

function view(row: PersonaRow): PersonaView {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function toPersona(row: PersonaRow): Persona {
  return {
    id: row.id,
    name: row.name,
    systemPrompt: row.systemPrompt,
    ...(row.greeting === null ? {} : { greeting: row.greeting }),
    ...(row.style === null ? {} : { style: row.style }),
  };
}
