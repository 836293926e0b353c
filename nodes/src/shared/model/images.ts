import type { NodeRunContext } from '@switchboard/flow-schema';
import type { ContentPart } from '@switchboard/models';
import { z } from 'zod';

/** The most images one request carries: providers refuse more, and each costs tokens. */
const MAX_IMAGES = 8;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const ImageAttachments = z.object({
  message: z.object({ attachments: z.array(z.object({ kind: z.string(), ref: z.string(), name: z.string().optional(), mimeType: z.string().optional() })) }),
});

/**
 * Images for a model that sees: those that came with the message (fetched through its channel and
 * sent inline as data: URLs, since platform file URLs carry the bot's token) and any listed URLs.
 */
export async function imagesOf(ctx: NodeRunContext<unknown>, includeAttachments: boolean, urls: string | undefined): Promise<ContentPart[]> {
  const parts: ContentPart[] = [];
  for (const line of (urls ?? '').split('\n')) {
    const url = line.trim();
    if (url === '') continue;
    if (!/^(https?:|data:image\/)/.test(url)) throw new Error(`image "${url.slice(0, 80)}" is neither an http(s) nor a data:image URL`);
    parts.push({ type: 'image', url });
  }
  if (includeAttachments) {
    const parsed = ImageAttachments.safeParse(ctx.event.payload);
    const images = parsed.success ? parsed.data.message.attachments.filter((attachment) => attachment.kind === 'image') : [];
    if (images.length > 0 && !ctx.services.download) throw new Error('the message has images, but this server cannot fetch channel files for nodes: turn off "Send images"');
    for (const image of images) {
      if (!ctx.services.download) break;
      const file = await ctx.services.download(image, ctx.signal);
      if (file.bytes.byteLength > MAX_IMAGE_BYTES) throw new Error(`image ${image.name ?? image.ref} is ${Math.round(file.bytes.byteLength / 1024 / 1024)} MB; models take at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
      const mimeType = file.mimeType ?? image.mimeType ?? 'image/jpeg';
      parts.push({ type: 'image', url: `data:${mimeType};base64,${Buffer.from(file.bytes).toString('base64')}` });
    }
  }
  if (parts.length > MAX_IMAGES) throw new Error(`${parts.length} images: a request takes at most ${MAX_IMAGES}`);
  return parts;
}
