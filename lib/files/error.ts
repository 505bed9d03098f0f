import type { Localized } from '../model/finding';

/** Why a file could not be read: each code has its own wording for the reader. */
export type FileReadErrorCode = 'no-text' | 'encrypted' | 'corrupt' | 'unsupported' | 'empty';

const MESSAGES: Record<FileReadErrorCode, Localized> = {
  'no-text': {
    zh: '文件没有可读取的文字（可能是扫描件或图片），无法审核；请找可复制文字的版本',
    en: 'the file has no text layer (a scan or an image) and cannot be audited; look for a version with selectable text',
  },
  encrypted: {
    zh: '文件已加密（需要密码），无法读取',
    en: 'the file is encrypted (it needs a password) and cannot be read',
  },
  corrupt: {
    zh: '文件已损坏或格式不正确，无法读取',
    en: 'the file is damaged or not in the format its name says, and cannot be read',
  },
  unsupported: {
    zh: '不支持的文件类型（支持 PDF、Word .docx、Excel .xlsx、HTML）',
    en: 'unsupported file type (PDF, Word .docx, Excel .xlsx and HTML are supported)',
  },
  empty: {
    zh: '文件是空的',
    en: 'the file is empty',
  },
};

/**
 * A file that cannot be turned into a RawSource: a scan without text, an encrypted or damaged
 * file, a format we do not read. Readers throw only this, never a library's own error.
 */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
  readonly code: FileReadErrorCode;
  readonly messages: Localized;
  /** the underlying library's words, for a bug report (never shown as the main message) */
  readonly detail: string | null;

  constructor(code: FileReadErrorCode, detail: string | null = null, messages: Localized = MESSAGES[code]) {
    super(`${messages.zh} / ${messages.en}${detail ? ` (${detail})` : ''}`);
    this.code = code;
    this.messages = messages;
    this.detail = detail;
  }
}

export const isFileReadError = (e: unknown): e is FileReadError => e instanceof FileReadError;

/** A library's error as a short string for FileReadError.detail. */
export function errorDetail(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 300);
  return String(e).slice(0, 300);
}
