import type { Database } from '@switchboard/db';
import { credentialRefsOf, parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';
import { credentialTypes, findCredentialType } from '@switchboard/nodes/definitions';
import { SwitchboardError, type CredentialUse } from './service.ts';

/**
 * Checks a new credential's secret against its type's secret schema (declared next to the nodes that use
 * it). Returns only the declared fields; a 400 names an unknown type, or every missing or bad field.
 */
export function checkSecret(type: string, secret: Record<string, string>): Record<string, string> {
  const declared = findCredentialType(type);
  if (!declared) {
    const known = credentialTypes.map((entry) => `\`${entry.type}\``).join(', ');
    throw new SwitchboardError(400, 'unknown_credential_type', `unknown credential type \`${type}\`: use one of ${known}`, { known: credentialTypes.map((entry) => entry.type) });
  }
  const parsed = declared.secrets.strict().safeParse(secret);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: `secret.${key}`, message: `\`${type}\` credentials have no field \`${key}\`` }));
      const field = `secret.${issue.path.map(String).join('.')}`;
      const missing = issue.path.length === 1 && !(String(issue.path[0]) in secret);
      return [{ field, message: missing ? `\`${type}\` credentials need \`${String(issue.path[0])}\`` : issue.message }];
    });
    const list = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    throw new SwitchboardError(400, 'invalid_secret', `the secret is invalid: ${list}`, problems);
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.data)) if (typeof value === 'string') fields[key] = value;
  return fields;
}

function uses(document: unknown, credentialId: string): boolean {
  const parsed = parseFlowDocument(document);
  return parsed.ok && mentions(parsed.value, credentialId);
}

function mentions(document: FlowDocument, credentialId: string): boolean {
  return document.nodes.some((node) => credentialRefsOf(node).includes(credentialId));
}

/** The flows whose draft or live (published) version has a node with this credential. */
export async function credentialUsers(db: Database, credentialId: string): Promise<CredentialUse[]> {
  const flows = await db.prisma.flow.findMany({ select: { id: true, name: true, draft: true, publishedVersionId: true }, orderBy: { name: 'asc' } });
  const liveIds = flows.flatMap((flow) => (flow.publishedVersionId === null ? [] : [flow.publishedVersionId]));
  const live = await db.prisma.flowVersion.findMany({ where: { id: { in: liveIds } }, select: { id: true, document: true } });
  const liveUses = new Set(live.filter((version) => uses(version.document, credentialId)).map((version) => version.id));
  const users: CredentialUse[] = [];
  for (const flow of flows) {
    const where: CredentialUse['in'] = [];
    if (uses(flow.draft, credentialId)) where.push('draft');
    if (flow.publishedVersionId !== null && liveUses.has(flow.publishedVersionId)) where.push('published');
    if (where.length > 0) users.push({ flowId: flow.id, flowName: flow.name, in: where });
  }
  return users;
}

/** The 409 for deleting a credential in use: which flows, and where in them. */
export function credentialInUse(credentialId: string, users: readonly CredentialUse[]): SwitchboardError {
  const list = users.map((user) => `“${user.flowName}” (${user.in.join(' and ')})`).join(', ');
  return new SwitchboardError(
    409,
    'credential_in_use',
    `credential ${credentialId} is used by ${users.length === 1 ? 'flow' : 'flows'} ${list}: choose another credential there first, or delete it anyway with ?force=1`,
    { flows: users },
  );
}
