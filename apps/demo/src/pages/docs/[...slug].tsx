import { type HeadArgs, useRouter } from '@core/react/pages';

export const head = ({ params }: HeadArgs<'/docs/*slug'>) => ({ title: `Docs: ${params.slug.join('/')}` });

export default function DocsPage() {
  const { params } = useRouter<'/docs/*slug'>();
  return (
    <section>
      <h1>Docs</h1>
      <p>
        You are reading <code data-testid="docs-slug">{params.slug.join('/')}</code>, matched by the catch-all route{' '}
        <code>docs/[...slug].tsx</code>.
      </p>
    </section>
  );
}
