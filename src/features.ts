/**
 * Feature modules register their listeners, processors and hooks when imported.
 * Entry points (main.ts, the test harness) import this file once.
 */
import './actions-feature.js';
import './escalation-feature.js';
import './postmortem-feature.js';

export {};
