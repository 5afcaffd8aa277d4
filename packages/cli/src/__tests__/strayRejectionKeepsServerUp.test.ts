import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = path.resolve(import.meta.dirname, '../../dist/reportStrayRejections.js');

describe('a promise that rejects with nobody handling it', () => {
  it('is reported on stderr and does not stop the process (Node would exit and lose the memory state)', () => {
    const script = `
      const { reportStrayRejections } = await import(${JSON.stringify(dist)});
      reportStrayRejections();
      Promise.reject(new Error('stray failure'));
      setTimeout(() => { process.stdout.write('still running'); }, 50);
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('still running');
    expect(result.stderr).toContain('a promise rejected with nobody handling it');
    expect(result.stderr).toContain('stray failure');
  });
});
