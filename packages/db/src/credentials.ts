import type { PrismaClient } from './generated/prisma/client.ts';
import { isUuid } from './uuid.ts';
import { newId } from '@switchboard/flow-schema';
import type { SecretBox } from './secrets.ts';

export interface CredentialSummary {
  id: string;
  name: string;
  type: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CredentialWithSecret extends CredentialSummary {
  /** The decrypted secret, usually JSON matching the credential type's secret schema. */
  secret: string;
}

export interface NewCredential {
  name: string;
  type: string;
  secret: string;
}

export interface CredentialsRepository {
  create(input: NewCredential): Promise<CredentialSummary>;
  /** Never includes secrets. */
  list(): Promise<CredentialSummary[]>;
  get(id: string): Promise<CredentialWithSecret | null>;
  delete(id: string): Promise<boolean>;
}

const summary = { id: true, name: true, type: true, createdAt: true, updatedAt: true } as const;

/** Credentials sealed with the secret box; each secret is bound to its row's id. */
export function createCredentialsRepository(prisma: PrismaClient, box: SecretBox): CredentialsRepository {
  return {
    async create({ name, type, secret }) {
      const id = newId();
      const sealed = box.seal(secret, id);
      return prisma.credential.create({ data: { id, name, type, secret: new Uint8Array(sealed) }, select: summary });
    },
    list() {
      return prisma.credential.findMany({ select: summary, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const row = await prisma.credential.findUnique({ where: { id } });
      if (row === null) return null;
      const { secret, ...rest } = row;
      return { ...rest, secret: box.open(Buffer.from(secret), id) };
    },
    async delete(id) {
      if (!isUuid(id)) return false;
      const { count } = await prisma.credential.deleteMany({ where: { id } });
      return count > 0;
    },
  };
}
