import { updateCard, updateTopic } from '../app/surfaces.js';
import { QueueName, SurfacesJob } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** Re-draws an incident's card and topic after an inline re-draw failed. */
export const surfacesProcessor: QueueProcessor = {
  queue: QueueName.surfaces,
  async process(s, job) {
    const data = SurfacesJob.parse(job.data);
    const loaded = await s.incidents.load(data.teamId, data.incident);
    if (!loaded) return;
    await updateCard(s, loaded.incident);
    await updateTopic(s, loaded.incident);
  },
};
