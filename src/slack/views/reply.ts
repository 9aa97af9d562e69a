import type { KnownBlock } from '@slack/types';

/** What the person who typed or clicked is told, ephemerally. */
export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}
