import { useAppState, useEvent } from '@core/react';
import { useCollection } from '@core/react/collection';
import { type FormEvent, memo, useState } from 'react';
import { FeedState, type Post } from '../state/feedState';

export const head = () => ({ title: 'Feed' });

/** The app-wide feed: the newest posts first, older ones on demand, a post or a like on every page. */
export default function FeedPage() {
  const feed = useCollection(FeedState, 'posts');
  const { seedRuns } = useAppState(FeedState);
  const post = useEvent(FeedState.post);
  const [draft, setDraft] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    void post(draft);
    setDraft('');
  };
  return (
    <section>
      <h1>Feed</h1>
      <p>
        <span data-testid="feed-size">{feed.total}</span> posts (seeded{' '}
        <span data-testid="feed-seed-runs">{seedRuns}</span> time(s), when the server started)
      </p>
      <form onSubmit={submit}>
        <input
          data-testid="feed-post-input"
          aria-label="New post"
          value={draft}
          maxLength={280}
          onChange={(event) => setDraft(event.target.value)}
        />{' '}
        <button type="submit" data-testid="feed-post">
          Post
        </button>
      </form>
      <ol className="feed">
        {feed.items.map((item) => (
          <FeedRow key={item.id} post={item} />
        ))}
      </ol>
      {feed.hasOlder && (
        <button type="button" data-testid="feed-older" disabled={feed.loading} onClick={() => void feed.loadOlder()}>
          Older posts
        </button>
      )}
    </section>
  );
}

/** One row: re-renders only when its own post changes (items keep their identity otherwise). */
const FeedRow = memo(function FeedRow({ post }: { post: Post }) {
  const like = useEvent(FeedState.like);
  return (
    <li data-testid="feed-item">
      <span>{post.text}</span>{' '}
      <button type="button" data-testid="feed-like" onClick={() => void like(post.id)}>
        Like
      </button>{' '}
      <span data-testid="feed-likes">{post.likes}</span>
    </li>
  );
});
