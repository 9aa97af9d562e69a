import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_PORT, sandboxArgs } from '../../src/runtime/sandbox.js';

describe('npm start / npm run sandbox arguments', () => {
  it('serves the page on 127.0.0.1:3210 by default, with no terminal prompt', () => {
    expect(sandboxArgs([])).toEqual({ port: DEFAULT_SANDBOX_PORT, host: process.env.SANDBOX_HOST ?? '127.0.0.1', terminal: false, reset: false });
    expect(DEFAULT_SANDBOX_PORT).toBe(3210);
  });

  it('takes --port and --terminal', () => {
    expect(sandboxArgs(['--port', '4000', '--terminal'])).toMatchObject({ port: 4000, terminal: true });
  });

  it('refuses a port that is not one, and options it does not know', () => {
    expect(() => sandboxArgs(['--port', 'eighty'])).toThrow('--port must be a port number, not eighty');
    expect(() => sandboxArgs(['--prot', '4000'])).toThrow(/Unknown option '--prot'/);
  });
});
