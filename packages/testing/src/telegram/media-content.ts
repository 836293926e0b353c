import type { StoredFile } from './store.ts';
import type { Message, SentMedia } from './types.ts';

/**
 * The media fields of a message carrying `file`, shared by what users send and what the bot sends.
 * Photos get two sizes like Telegram's (a 90px thumbnail and the full image); the server does not
 * resize, so both resolve to the same bytes.
 */
export function mediaContent(
  type: SentMedia['type'],
  file: StoredFile,
  extra: { width?: number; height?: number; duration?: number; performer?: string; title?: string },
): Partial<Message> {
  const size = file.bytes.length;
  switch (type) {
    case 'photo': {
      const width = extra.width ?? 1280;
      const height = extra.height ?? 720;
      const scale = 90 / Math.max(width, height);
      return {
        photo: [
          { file_id: `${file.fileId}_s`, file_unique_id: `${file.fileUniqueId}s`, width: Math.round(width * scale), height: Math.round(height * scale), file_size: size },
          { file_id: file.fileId, file_unique_id: file.fileUniqueId, width, height, file_size: size },
        ],
      };
    }
    case 'document':
      return { document: { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_name: file.name, mime_type: file.mime, file_size: size } };
    case 'voice':
      return { voice: { file_id: file.fileId, file_unique_id: file.fileUniqueId, duration: extra.duration ?? 1, mime_type: file.mime ?? 'audio/ogg', file_size: size } };
    case 'audio':
      return {
        audio: {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          duration: extra.duration ?? 1,
          performer: extra.performer,
          title: extra.title,
          file_name: file.name,
          mime_type: file.mime,
          file_size: size,
        },
      };
  }
}
