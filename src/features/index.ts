/**
 * Feature modules register their listeners, processors and hooks when imported.
 * Entry points (main.ts, the test harness) import this file once.
 */
import './action-items.js';
import './escalation.js';
import './postmortem.js';

export {};
