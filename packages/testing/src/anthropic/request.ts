import { z } from 'zod';

// Only what the server reads is checked closely; other fields and block types pass through (loose objects).
const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });

const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
  ]),
});

const toolUseBlock = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() });

const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
  is_error: z.boolean().optional(),
});

const otherBlock = z.looseObject({ type: z.enum(['document', 'thinking', 'redacted_thinking', 'search_result']) });

const block = z.discriminatedUnion('type', [textBlock, imageBlock, toolUseBlock, toolResultBlock, otherBlock]);

// The role is any string here so that 'system' gets Anthropic's own explanation (see conversation.ts).
const message = z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(block)]) });

const tool = z.looseObject({ name: z.string(), description: z.string().optional(), input_schema: z.looseObject({}).optional() });

const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.enum(['auto', 'any', 'none']) }),
  z.looseObject({ type: z.literal('tool'), name: z.string() }),
]);

export const messagesRequestSchema = z.looseObject({
  model: z.string(),
  max_tokens: z.number().int().min(1),
  messages: z.array(message),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stream: z.boolean().optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type Message = MessagesRequest['messages'][number];
export type Block = z.infer<typeof block>;
export type Tool = z.infer<typeof tool>;

/** Parses a request body, or words its first problem the way the API does: `max_tokens: Field required`. */
export function parseMessagesRequest(body: unknown): { ok: true; value: MessagesRequest } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'Request body must be a JSON object.' };
  // reportInput lets a missing field (input undefined) be told apart from a wrong one.
  const result = messagesRequestSchema.safeParse(body, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (issue === undefined) return { ok: false, message: 'Invalid request.' };
  const missing = issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union');
  return { ok: false, message: `${issue.path.map(String).join('.')}: ${missing ? 'Field required' : issue.message}` };
}

/** The text a block puts in front of the model, for token counts and echoes. */
export function blockText(value: Block): string {
  switch (value.type) {
    case 'text':
      return value.text;
    case 'tool_use':
      return `${value.name} ${JSON.stringify(value.input ?? {})}`;
    case 'tool_result':
      return typeof value.content === 'string' ? value.content : (value.content ?? []).flatMap((part) => part.text ?? []).join(' ');
    case 'image':
    case 'document':
    case 'thinking':
    case 'redacted_thinking':
    case 'search_result':
      return '';
  }
}

export function contentText(content: Message['content']): string {
  return typeof content === 'string' ? content : content.map(blockText).filter((text) => text !== '').join(' ');
}
