import { describe, expect, it } from 'vitest';
import { resolveCoreStatePluginOptions } from '../index.js';

const root = '/app';

describe('which modules may be state modules', () => {
  it('by default: scripts outside node_modules, whatever their query', () => {
    const { isCandidate } = resolveCoreStatePluginOptions({}, root);
    for (const id of [
      '/app/src/state/tasks.ts',
      '/app/src/state/tasks.tsx',
      '/app/src/state/tasks.js',
      '/app/src/state/tasks.mjs',
      '/app/src/state/tasks.ts?v=3f2a',
      '/elsewhere/shared/state.ts',
    ]) {
      expect(isCandidate(id), id).toBe(true);
    }
    for (const id of [
      '/app/node_modules/some-lib/state.js',
      '/app/src/styles.css',
      '/app/src/App.vue?vue&type=script&lang.ts',
      '\0virtual:core-state',
      '/app/index.html',
    ]) {
      expect(isCandidate(id), id).toBe(false);
    }
  });

  it('narrows with picomatch globs relative to the root', () => {
    const { isCandidate } = resolveCoreStatePluginOptions({ include: 'src/state/**', exclude: ['**/*.test.ts'] }, root);
    expect(isCandidate('/app/src/state/tasks.ts')).toBe(true);
    expect(isCandidate('/app/src/components/App.tsx')).toBe(false);
    expect(isCandidate('/app/src/state/tasks.test.ts')).toBe(false);
  });

  it('narrows with predicates and RegExps', () => {
    const { isCandidate } = resolveCoreStatePluginOptions(
      { include: (file) => file.includes('/state/'), exclude: /legacy/ },
      root,
    );
    expect(isCandidate('/app/src/state/tasks.ts')).toBe(true);
    expect(isCandidate('/app/src/state/legacy.ts')).toBe(false);
    expect(isCandidate('/app/src/App.tsx')).toBe(false);
  });

  it('never includes node_modules, even when asked to', () => {
    const { isCandidate } = resolveCoreStatePluginOptions({ include: () => true }, root);
    expect(isCandidate('/app/node_modules/lib/state.ts')).toBe(false);
  });

  it('names modules relative to the root in messages', () => {
    const { displayName } = resolveCoreStatePluginOptions({}, root);
    expect(displayName('/app/src/state/tasks.ts?v=1')).toBe('src/state/tasks.ts');
    expect(displayName('/other/state.ts')).toBe('/other/state.ts');
  });
});
