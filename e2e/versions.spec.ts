import { z } from 'zod';
import { read } from './api.ts';
import { expect, test } from './fixtures.ts';

const Flow = z.object({ id: z.string(), draft: z.unknown() });
const Version = z.object({ version: z.number(), document: z.unknown() });

function document(replyText: string) {
  return {
    schemaVersion: 1,
    name: 'Versioned greeter',
    nodes: [
      { id: 'chat-1', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 60, y: 120 } },
      { id: 'reply-1', type: 'conversation.reply', typeVersion: 1, config: { text: replyText }, position: { x: 380, y: 120 } },
    ],
    edges: [{ id: 'e1', source: 'chat-1', sourcePort: 'text', target: 'reply-1', targetPort: 'in' }],
  };
}

test('the version history compares two versions and restores an old one into the draft', async ({ page, request, browserErrors }, testInfo) => {
  const { id } = await read(await request.post('/api/v1/flows', { data: document('Hello') }), Flow);
  await read(await request.post(`/api/v1/flows/${id}/publish`), z.object({ version: z.literal(1) }));
  await read(await request.put(`/api/v1/flows/${id}`, { data: document('Hello again') }), Flow);
  await read(await request.post(`/api/v1/flows/${id}/publish`), z.object({ version: z.literal(2) }));

  await page.goto(`/flows/${id}`);
  await page.getByRole('toolbar', { name: 'Flow editor' }).getByRole('link', { name: 'Versions' }).click();
  await expect(page).toHaveURL(`/flows/${id}/versions`);
  await expect(page.getByRole('heading', { name: 'Versions of Versioned greeter' })).toBeVisible();

  // The draft on top, then the versions newest first; v2 is live.
  const rows = page.getByRole('table', { name: 'Version history' }).getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('Draft');
  await expect(rows.nth(2)).toContainText('Version 2live');
  await expect(rows.nth(3)).toContainText('Version 1');
  await expect(rows.nth(3)).not.toContainText('live');

  // Live against the draft by default: the draft is what v2 was published from.
  await expect(page.getByText('No changes.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Compare from' }).selectOption({ label: 'Version 1' });
  await page.getByRole('combobox', { name: 'Compare to' }).selectOption({ label: 'Version 2 (live)' });
  const changes = page.getByRole('list', { name: 'Changes' });
  await expect(changes.getByText('Node reply-1: text changed')).toBeVisible();
  await expect(changes.getByText('text: "Hello" → "Hello again"')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('versions.png') });

  await page.getByRole('button', { name: 'Restore version 1 into the draft' }).click();
  const confirm = page.getByRole('group', { name: 'Restore version 1?' });
  await expect(confirm).toContainText('Replace the draft with version 1?');
  await confirm.getByRole('button', { name: 'Yes, restore' }).click();
  const status = page.getByRole('status', { name: 'Restore status' });
  await expect(status).toContainText('Version 1 was restored into the draft.');
  await expect(status.getByRole('link', { name: 'Open the editor' })).toHaveAttribute('href', `/flows/${id}`);

  const { draft } = await read(await request.get(`/api/v1/flows/${id}`), Flow);
  const v1 = await read(await request.get(`/api/v1/flows/${id}/versions/1`), Version);
  expect(draft).toEqual(v1.document);
  // Restoring does not publish: v2 stays live.
  await expect(rows.nth(2)).toContainText('live');
  expect(browserErrors).toEqual([]);
});
