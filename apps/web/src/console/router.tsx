import type { ReactElement } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout, PAGES } from './layout';
import { AuditPage } from './pages/audit';
import { AffiliatesPage } from './pages/affiliates';
import { LoginPage } from './pages/login';
import { OperationsPage } from './pages/operations';
import { OrdersPage } from './pages/orders';
import { ReattributionPage } from './pages/reattribution';
import { PayoutsPage } from './pages/payouts';
import { ProductsPage } from './pages/products';
import { RulesPage } from './pages/rules';
import { WebhooksPage } from './pages/webhooks';
import { RequireConsoleSession } from './session';

const BUILT: Record<string, ReactElement> = {
  '/rules': <RulesPage />,
  '/products': <ProductsPage />,
  '/affiliates': <AffiliatesPage />,
  '/reattribution': <ReattributionPage />,
  '/orders': <OrdersPage />,
  '/webhooks': <WebhooksPage />,
  '/payouts': <PayoutsPage />,
  '/audit': <AuditPage />,
  '/operations': <OperationsPage />,
};

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: (
        <RequireConsoleSession>
          <Layout pages={PAGES.filter((page) => page.to in BUILT)} />
        </RequireConsoleSession>
      ),
      children: [
        { index: true, element: <Navigate to="/rules" replace /> },
        ...Object.entries(BUILT).map(([path, element]) => ({ path, element })),
        { path: '*', element: <Navigate to="/rules" replace /> },
      ],
    },
  ],
  { basename: '/console' },
);
