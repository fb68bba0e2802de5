/** Codes of the sync feed's own errors (the common ones come from @outfall/common). */
export enum SyncErrorCode {
  /** The cursor belongs to the log before a restore (410 on `since`): sync again from the empty cursor. */
  CursorExpired = 'SYNC_CURSOR_EXPIRED',
}
