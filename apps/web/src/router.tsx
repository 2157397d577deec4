import { createBrowserRouter } from 'react-router';
import { Layout } from './layout';
import { CommissionsPage } from './pages/commissions';
import { HelpPage } from './pages/help';
import { InvitePage } from './pages/invite';
import { LinksPage } from './pages/links';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { OverviewPage } from './pages/overview';
import { PayoutAccountPage } from './pages/payout-account';
import { PayoutsPage } from './pages/payouts';
import { RequireSession } from './session';

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    { path: '/invite/:token', element: <InvitePage /> },
    {
      element: (
        <RequireSession>
          <Layout />
        </RequireSession>
      ),
      children: [
        { index: true, element: <OverviewPage /> },
        { path: 'links', element: <LinksPage /> },
        { path: 'commissions', element: <CommissionsPage /> },
        { path: 'payouts', element: <PayoutsPage /> },
        { path: 'payout-account', element: <PayoutAccountPage /> },
        { path: 'help', element: <HelpPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/portal' },
);
