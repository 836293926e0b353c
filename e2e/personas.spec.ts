// The personas page (list, create, edit, delete with a confirmation) and the persona a channel speaks as:
// chosen in the channel form, shown in the channel's row, and gone from the channel when the persona is deleted.
import { z } from 'zod';
import { read } from './api.ts';
import { baseURL } from './env.ts';
import { expect, test } from './fixtures.ts';

/** web chat → echo: a channel for it needs no external server. */
const echoFlow = (name: string) => ({
  schemaVersion: 1,
  name,
  nodes: [
    { id: 'web', type: 'trigger.webchat', typeVersion: 1, config: {}, position: { x: 40, y: 120 } },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ message.text }}' }, position: { x: 320, y: 120 } },
  ],
  edges: [{ id: 'e1', source: 'web', sourcePort: 'text', target: 'echo', targetPort: 'in' }],
});

const Persona = z.object({ id: z.string(), name: z.string(), systemPrompt: z.string(), greeting: z.string().nullable(), style: z.string().nullable() });
const Personas = z.object({ items: z.array(Persona) });
const ChannelPersona = z.object({ id: z.string(), name: z.string(), personaId: z.string().nullable(), personaName: z.string().nullable() });

test('a persona is created, refused under a taken name, edited, set on a web chat channel and deleted after a confirmation', async ({ page, request, browserErrors }, testInfo) => {
  test.setTimeout(60_000); // two pages, each visited twice, and the channel list's refresh
  const stamp = String(Date.now());
  const name = `Support agent ${stamp}`;
  const renamed = `Support lead ${stamp}`;
  const flowName = `Persona echo ${stamp}`;
  const channelName = `Persona chat ${stamp}`;
  const findPersona = async (wanted: string) => (await read(await request.get('/api/v1/personas'), Personas)).items.find((entry) => entry.name === wanted);

  // A published web chat flow and a channel bound to it, made through the API.
  const flow = await read(await request.post('/api/v1/flows', { data: echoFlow(flowName) }), z.object({ id: z.string() }));
  await read(await request.post(`/api/v1/flows/${flow.id}/publish`), z.object({ version: z.number() }));
  const channel = await read(await request.post('/api/v1/channels', { data: { type: 'webchat', name: channelName, flowId: flow.id, config: { title: 'Ask the echo' } } }), ChannelPersona);
  expect(channel.personaId).toBeNull();

  // The page, from the main navigation.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Personas' }).click();
  await expect(page).toHaveURL(`${baseURL}/personas`);
  await expect(page.getByRole('heading', { name: 'Personas', level: 1 })).toBeVisible();
  await expect(page.getByText('Loading personas…')).toBeHidden();
  if ((await read(await request.get('/api/v1/personas'), Personas)).items.length === 0) {
    await expect(page.getByText(/^No personas yet\./)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('personas-empty.png') });
  }

  // New persona: name, system prompt, greeting and style.
  const newButton = page.getByRole('button', { name: 'New persona' });
  await newButton.click();
  await expect(newButton).toHaveAttribute('aria-expanded', 'true');
  const form = page.getByRole('form', { name: 'New persona' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('System prompt').fill('You are the support agent of an online shop. Answer questions about orders.');
  await form.getByLabel('Greeting').fill('Hi! How can I help with your order?');
  await form.getByLabel('Style').fill('Friendly and short.');
  await page.screenshot({ path: testInfo.outputPath('personas-new.png') });
  await form.getByRole('button', { name: 'Save persona' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved “${name}”.`);
  await expect(form).toBeHidden();
  const table = page.getByRole('table', { name: 'Personas' });
  const row = table.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('You are the support agent of an online shop.');
  await expect(row.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  const created = await findPersona(name);
  expect(created).toMatchObject({ systemPrompt: 'You are the support agent of an online shop. Answer questions about orders.', greeting: 'Hi! How can I help with your order?', style: 'Friendly and short.' });
  const personaId = created?.id ?? 'missing';

  // The same name in other letters is taken: the server's message shows and nothing is added.
  await newButton.click();
  const duplicate = page.getByRole('form', { name: 'New persona' });
  await duplicate.getByLabel('Name').fill(name.toUpperCase());
  await duplicate.getByLabel('System prompt').fill('Another prompt.');
  await duplicate.getByRole('button', { name: 'Save persona' }).click();
  await expect(duplicate.getByRole('alert')).toHaveText(`Could not save the persona: a persona named "${name}" exists already: choose another name than "${name.toUpperCase()}"`);
  await expect(duplicate.getByRole('button', { name: 'Save persona' })).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath('personas-duplicate.png') });
  await duplicate.getByRole('button', { name: 'Cancel' }).click();
  await expect(duplicate).toBeHidden();
  expect((await read(await request.get('/api/v1/personas'), Personas)).items.filter((entry) => entry.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);

  // Edit: the form holds the stored fields; a new name, prompt and no greeting are saved.
  await page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
  const edit = page.getByRole('form', { name: `Edit ${name}` });
  await expect(edit.getByLabel('Name')).toHaveValue(name);
  await expect(edit.getByLabel('System prompt')).toHaveValue('You are the support agent of an online shop. Answer questions about orders.');
  await expect(edit.getByLabel('Greeting')).toHaveValue('Hi! How can I help with your order?');
  await expect(edit.getByLabel('Style')).toHaveValue('Friendly and short.');
  await edit.getByLabel('Name').fill(renamed);
  await edit.getByLabel('System prompt').fill('You lead the support team of an online shop. Settle what the agents could not.');
  await edit.getByLabel('Greeting').fill('');
  await edit.getByLabel('Style').fill('Calm, precise, at most three sentences.');
  await edit.getByRole('button', { name: 'Save persona' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved “${renamed}”.`);
  await expect(edit).toBeHidden();
  const renamedRow = table.getByRole('row').filter({ hasText: renamed });
  await expect(renamedRow).toContainText('You lead the support team of an online shop.');
  await expect(table.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('personas-edited.png') });
  const edited = await findPersona(renamed);
  expect(edited).toEqual({ id: personaId, name: renamed, systemPrompt: 'You lead the support team of an online shop. Settle what the agents could not.', greeting: null, style: 'Calm, precise, at most three sentences.' });

  // The channel form offers it; the row says whom the channel speaks as.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
  await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible();
  const channels = page.getByRole('table', { name: 'Channels' });
  const channelRow = channels.getByRole('row').filter({ hasText: channelName });
  await expect(channelRow.getByRole('link', { name: flowName })).toHaveAttribute('href', `/flows/${flow.id}`);
  await expect(channelRow).not.toContainText(`as ${renamed}`);
  await channelRow.getByRole('button', { name: 'Edit' }).click();
  const channelForm = page.getByRole('region', { name: `Edit ${channelName}` });
  const personaField = channelForm.getByLabel('Persona', { exact: true });
  await expect(personaField).toBeEnabled();
  await expect(personaField).toHaveValue('');
  await expect(personaField.locator('option:checked')).toHaveText('None');
  await expect(channelForm.getByRole('link', { name: 'Manage personas' })).toHaveAttribute('href', '/personas');
  await personaField.selectOption({ label: renamed });
  await expect(personaField).toHaveValue(personaId);
  await page.screenshot({ path: testInfo.outputPath('channel-persona-field.png') });
  await channelForm.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveText(`Saved “${channelName}”.`);
  await expect(channelForm).toBeHidden();
  await expect(channelRow).toContainText(`as ${renamed}`);
  await expect(channelRow.getByRole('link', { name: renamed })).toHaveAttribute('href', '/personas');
  await page.screenshot({ path: testInfo.outputPath('channel-as-persona.png') });
  expect(await read(await request.get(`/api/v1/channels/${channel.id}`), ChannelPersona)).toMatchObject({ personaId, personaName: renamed });

  // Delete, after a confirmation that names it and says what happens to the channel; cancel first.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Personas' }).click();
  await expect(renamedRow).toBeVisible();
  await renamedRow.getByRole('button', { name: `Delete ${renamed}` }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete persona' });
  await expect(dialog).toContainText(`Delete ${renamed}? Channels set to it go without a persona. This cannot be undone.`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(renamedRow).toBeVisible();
  expect(await findPersona(renamed)).toBeDefined();
  await renamedRow.getByRole('button', { name: `Delete ${renamed}` }).click();
  await expect(dialog).toContainText(renamed);
  await page.screenshot({ path: testInfo.outputPath('personas-delete-confirm.png') });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status')).toHaveText(`Deleted “${renamed}”.`);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: renamed })).toHaveCount(0);
  expect(await findPersona(renamed)).toBeUndefined();
  expect((await request.get(`/api/v1/personas/${personaId}`)).status()).toBe(404);
  expect(await read(await request.get(`/api/v1/channels/${channel.id}`), ChannelPersona)).toMatchObject({ personaId: null, personaName: null });

  // The channel now has no persona: none in its row, "None" in its form.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
  await expect(channelRow.getByRole('link', { name: flowName })).toBeVisible();
  await expect(channelRow).not.toContainText(`as ${renamed}`);
  await expect(channelRow.getByRole('link', { name: renamed })).toHaveCount(0);
  await channelRow.getByRole('button', { name: 'Edit' }).click();
  await expect(personaField).toBeEnabled();
  await expect(personaField).toHaveValue('');
  await expect(personaField.locator('option', { hasText: renamed })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('channel-without-persona.png') });
  await channelForm.getByRole('button', { name: 'Cancel' }).click();

  // The one failed request is the refused duplicate, which the browser logs.
  expect(browserErrors.filter((error) => !error.includes(`status of 409 (Conflict) (${baseURL}/api/v1/personas)`))).toEqual([]);
});
