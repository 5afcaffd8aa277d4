import type { HeadArgs, ParamsOf, RouterInfo } from '@core/react/pages';
import { describe, expectTypeOf, it } from 'vitest';

// Checked by `tsc -b` (tsconfig.test.json); at run time these are no-ops.
describe('route param types', () => {
  it('reads dynamic and catch-all segments from a pattern', () => {
    expectTypeOf<ParamsOf<'/users/:id'>>().toEqualTypeOf<{ readonly id: string }>();
    expectTypeOf<ParamsOf<'/orgs/:org/repos/:repo'>>().toEqualTypeOf<{ readonly org: string; readonly repo: string }>();
    expectTypeOf<ParamsOf<'/docs/*slug'>['slug']>().toEqualTypeOf<string[]>();
    expectTypeOf<ParamsOf<'/files/*path?'>['path']>().toEqualTypeOf<string[]>();
    expectTypeOf<keyof ParamsOf<'/about'>>().toEqualTypeOf<never>();
  });

  it('types head args and useRouter from a pattern or a params object', () => {
    expectTypeOf<HeadArgs<'/users/:id'>['params']['id']>().toEqualTypeOf<string>();
    expectTypeOf<RouterInfo<ParamsOf<'/docs/*slug'>>['params']['slug']>().toEqualTypeOf<string[]>();
    expectTypeOf<HeadArgs<{ id: string }>['params']>().toEqualTypeOf<{ id: string }>();
  });
});
