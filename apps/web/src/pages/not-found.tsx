import { Link } from 'react-router';

export const NotFoundPage = () => (
  <>
    <h1 tabIndex={-1}>Page not found</h1>
    <p>
      There is no such page in your dashboard. <Link to="/">Back to the overview</Link>.
    </p>
  </>
);
