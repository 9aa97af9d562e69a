import { randomFillSync } from 'node:crypto';
import { entryIdSource } from '../../src/domain/entries.js';

/** The entry-id source that tests hand to the rules, as runtime/services.ts does for the app. */
export const ids = entryIdSource((bytes) => randomFillSync(bytes));
