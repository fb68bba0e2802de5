import { Foundation1764345600000 } from './1764345600000-foundation';

/** Every migration, in order. */
export const MIGRATIONS = [Foundation1764345600000];
