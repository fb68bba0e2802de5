import { Foundation1764345600000 } from './1764345600000-foundation';
import { Directory1764432000000 } from './1764432000000-directory';

/** Every migration, in order. */
export const MIGRATIONS = [Foundation1764345600000, Directory1764432000000];
