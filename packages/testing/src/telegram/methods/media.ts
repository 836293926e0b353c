import type { ApiContext, Handler } from '../context.ts';
import { badRequest } from '../errors.ts';
import type { Params } from '../params.ts';
import type { FileKind, StoredFile } from '../store.ts';
import type { Message, SentMedia } from '../types.ts';
import { botMessage, replyMarkup, styledText } from './outgoing.ts';
import { mediaContent } from '../media-content.ts';

type MediaField = SentMedia['type'];

const kinds: Record<MediaField, FileKind> = { photo: 'photos', document: 'documents', voice: 'voice', audio: 'music' };
const maxCaption = 1024;

/** sendPhoto, sendDocument, sendVoice, sendAudio: the file is an upload, a known file_id or an HTTP URL. */
function sendMedia(field: MediaField, method: string): Handler {
  return async (params, context) => {
    const { file, source } = await inputFile(params, context, field);
    const caption = styledText(params, 'caption', 'caption_entities');
    if (caption.text.length > maxCaption) throw badRequest('message caption is too long');
    const content: Partial<Message> = {
      ...mediaContent(field, file, { duration: params.int('duration'), performer: params.string('performer'), title: params.string('title') }),
      ...(caption.text === '' ? {} : { caption: caption.text }),
      ...(caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
    };
    const message = botMessage(params, context, content);
    context.sent.record({
      kind: 'message',
      method,
      chatId: message.chat.id,
      message,
      text: params.string('caption'),
      parseMode: caption.parseMode,
      replyMarkup: replyMarkup(params).raw,
      media: { type: field, bytes: file.bytes, fileId: file.fileId, fileName: file.name, mimeType: file.mime, source },
    });
    return message;
  };
}

async function inputFile(params: Params, context: ApiContext, field: MediaField): Promise<{ file: StoredFile; source: SentMedia['source'] }> {
  const kind = kinds[field];
  const direct = params.uploads.get(field);
  if (direct !== undefined) return { file: context.store.addFile(kind, direct.bytes, direct.name, mimeOf(direct.name, direct.type)), source: 'upload' };
  const value = params.string(field);
  if (value === undefined || value === '') throw badRequest(`there is no ${field} in the request`);

  const attached = /^attach:\/\/(.+)$/.exec(value)?.[1];
  if (attached !== undefined) {
    const upload = params.uploads.get(attached);
    if (upload === undefined) throw badRequest(`there is no ${field} in the request`);
    return { file: context.store.addFile(kind, upload.bytes, upload.name, mimeOf(upload.name, upload.type)), source: 'upload' };
  }
  if (/^https?:\/\//i.test(value)) {
    const response = await fetch(value, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    if (response?.ok !== true) throw badRequest('failed to get HTTP URL content');
    const name = new URL(value).pathname.split('/').pop() || undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { file: context.store.addFile(kind, bytes, name, mimeOf(name, response.headers.get('content-type') ?? '')), source: 'url' };
  }
  const known = context.store.file(value);
  if (known === undefined) throw badRequest('wrong file identifier/HTTP URL specified');
  return { file: known, source: 'file_id' };
}

const mimeByExtension: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf',
  txt: 'text/plain', csv: 'text/csv', json: 'application/json', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', wav: 'audio/wav', mp4: 'video/mp4', zip: 'application/zip',
};

/** grammY uploads everything as application/octet-stream; Telegram works the type out from the name. */
function mimeOf(name: string | undefined, declared: string): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name ?? '')?.[1]?.toLowerCase();
  const guessed = extension === undefined ? undefined : mimeByExtension[extension];
  if (declared !== '' && declared !== 'application/octet-stream') return declared.split(';')[0];
  return guessed ?? (declared === '' ? undefined : declared);
}

export const sendPhoto = sendMedia('photo', 'sendPhoto');
export const sendDocument = sendMedia('document', 'sendDocument');
export const sendVoice = sendMedia('voice', 'sendVoice');
export const sendAudio = sendMedia('audio', 'sendAudio');

const maxDownload = 20 * 1024 * 1024;

export const getFile: Handler = (params, context) => {
  const file = context.store.file(params.string('file_id') ?? '');
  if (file === undefined) throw badRequest('invalid file_id');
  if (file.bytes.length > maxDownload) throw badRequest('file is too big');
  return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, file_path: file.path };
};
