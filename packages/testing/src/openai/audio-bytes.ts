/**
 * The fake's "audio": a small header that makes the bytes look like the asked format to anything that
 * sniffs magic numbers, then a marker and the spoken text in UTF-8. Transcribing such bytes finds the
 * marker and gives the text back, so speech → transcription round-trips exactly.
 */
export const speechFormats = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type SpeechFormat = (typeof speechFormats)[number];

const marker = Buffer.from('SWITCHBOARD-SPEECH\0', 'utf8');

export function contentTypeOf(format: SpeechFormat): string {
  switch (format) {
    case 'mp3':
      return 'audio/mpeg';
    case 'opus':
      return 'audio/ogg';
    case 'aac':
      return 'audio/aac';
    case 'flac':
      return 'audio/flac';
    case 'wav':
      return 'audio/wav';
    case 'pcm':
      return 'audio/pcm';
  }
}

export function encodeSpeech(text: string, format: SpeechFormat): Uint8Array {
  const payload = Buffer.concat([marker, Buffer.from(text, 'utf8')]);
  return Buffer.concat([headerOf(format, payload.length), payload]);
}

/** The text encodeSpeech put in `bytes`, or undefined for any other audio. */
export function decodeSpeech(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes);
  const at = buffer.indexOf(marker);
  return at === -1 ? undefined : buffer.subarray(at + marker.length).toString('utf8');
}

function headerOf(format: SpeechFormat, payloadLength: number): Buffer {
  switch (format) {
    case 'mp3':
      return Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]); // an empty ID3v2.4 tag
    case 'opus':
      return Buffer.from('OggS', 'latin1');
    case 'aac':
      return Buffer.from([0xff, 0xf1]); // ADTS sync word
    case 'flac':
      return Buffer.from('fLaC', 'latin1');
    case 'wav':
      return wavHeader(payloadLength);
    case 'pcm':
      return Buffer.alloc(0);
  }
}

/** A RIFF header for 8-bit mono 8 kHz PCM whose data chunk is the payload: a valid (if noisy) WAV file. */
function wavHeader(dataLength: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataLength, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24); // sample rate
  header.writeUInt32LE(8000, 28); // byte rate
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataLength, 40);
  return header;
}
