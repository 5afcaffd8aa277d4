/**
 * `@core/react/upload`: files to upload handlers, with progress and cancellation. A subpath of its
 * own so that pages without uploads do not ship it.
 */
export type { UploadArgsOf, UploadArgsOption, UploadBlob, UploadFileOptions, UploadTarget } from './uploadFile.js';
export { UploadError, uploadFile } from './uploadFile.js';
export type { UploadState, UseUploadResult } from './useUpload.js';
export { useUpload } from './useUpload.js';
