import { postmortemProcessor } from '../workers/postmortem.js';
import type { Feature } from './feature.js';

/** The postmortem: drafts are delivered by a job (the close buttons and commands are core). */
export const postmortem: Feature = {
  name: 'postmortem',
  processors: [postmortemProcessor],
};
